import type { Child } from 'hono/jsx';
import type { Locale } from '../locales.js';
import { withQuery } from './layout.js';
import { workspaceMessages } from './messages.js';

/** A list's table: captioned, header cells, and a named region that scrolls sideways with the keyboard on a narrow screen. */
export function DataTable({ caption, columns, children }: { caption: string; columns: readonly string[]; children?: Child }) {
  return (
    <div class="table-wrap" role="region" aria-label={caption} tabindex={0}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col">{column}</th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** A list's pages: back to the first, and on to the next by its cursor, keeping the list's filters and language. */
export function Pager(props: { locale: Locale; label: string; path: string; query: Record<string, string | undefined>; nextCursor: string | null; paged: boolean }) {
  const { locale, path, query } = props;
  const m = workspaceMessages[locale].customerList;
  if (!props.nextCursor && !props.paged) return null;
  return (
    <nav class="pages" aria-label={props.label}>
      {props.paged && <a href={withQuery(path, { ...query, lang: locale })}>{m.first}</a>}
      {props.nextCursor && (
        <a href={withQuery(path, { ...query, cursor: props.nextCursor, lang: locale })} rel="next">
          {m.next}
        </a>
      )}
    </nav>
  );
}

/**
 * Copies the value of the field `target` (the field stays selectable without scripts). Hidden until the workspace's
 * script runs and shows it; `copied` is what it says once it has copied.
 */
export function CopyButton({ target, label, copied }: { target: string; label: string; copied: string }) {
  return (
    <button type="button" class="copy" data-copy={target} data-copied={copied} hidden>
      {label}
    </button>
  );
}

/** A list's filter by status: a select of the statuses in the page's words, kept with the page's language. */
export function StatusFilter(props: { locale: Locale; path: string; label: string; apply: string; options: readonly string[]; labels: Record<string, string>; status: string }) {
  return (
    <form method="get" action={props.path} class="filters">
      <label for="status">{props.label}</label>
      <select id="status" name="status">
        {props.options.map((option) => (
          <option value={option} selected={option === props.status}>
            {props.labels[option] ?? option}
          </option>
        ))}
      </select>
      <input type="hidden" name="lang" value={props.locale} />
      <button type="submit">{props.apply}</button>
    </form>
  );
}
