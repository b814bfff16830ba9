/** Which methods a path has, from the app's own route table, so an unmatched method answers 405 with `Allow`. */
export function allowedMethodsFor(routes: readonly { method: string; path: string }[]) {
  const patterns = routes
    .filter((route) => route.method !== 'ALL')
    .map((route) => ({
      method: route.method,
      regex: new RegExp(`^${route.path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\/:[^/]+/g, '/[^/]+').replace(/\*/g, '.*')}/?$`),
    }));
  return (path: string): string[] => [...new Set(patterns.filter((p) => p.regex.test(path)).map((p) => p.method))];
}
