/**
 * The workspace step's targets and its verdict on them (`npm run bench:workspace`), apart from the run so that they
 * can be tested. From the requirement: lists page through results with cursors and never load everything; with 5,000
 * requests and 6,000 customers the server's time for each page stays under 150 ms at p95, and a page's own script
 * stays under 20 KB.
 */
export const workspaceTargets = {
  /** Each page's p95 of the sequential requests (the server's time, no queueing behind the load's own requests). */
  pageP95MsBelow: 150,
  /** The scripts a page loads from its own origin, and any inline script, uncompressed, in KB (1,024 bytes). */
  scriptKbBelow: 20,
};

export type WorkspacePageFigures = {
  /** Sequential requests: the latency the target is held to. */
  p95: number;
  /** Bytes of the page's own script, uncompressed. */
  scriptBytes: number;
};

export type WorkspaceVerdict = {
  /** Every page's p95 under the target. */
  pageP95: boolean;
  /** Every page's script under the target. */
  scriptSize: boolean;
  /** Per page, each target met or not. */
  pages: Record<string, { p95: boolean; script: boolean }>;
};

export function workspaceVerdictOn(pages: Readonly<Record<string, WorkspacePageFigures>>): WorkspaceVerdict {
  const byPage = Object.fromEntries(
    Object.entries(pages).map(([name, figures]) => [
      name,
      { p95: figures.p95 < workspaceTargets.pageP95MsBelow, script: figures.scriptBytes / 1024 < workspaceTargets.scriptKbBelow },
    ]),
  );
  const all = (which: 'p95' | 'script') => Object.keys(byPage).length > 0 && Object.values(byPage).every((page) => page[which]);
  return { pageP95: all('p95'), scriptSize: all('script'), pages: byPage };
}
