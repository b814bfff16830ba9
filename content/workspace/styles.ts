/** The workspace's one stylesheet, served from /assets/workspace.css (the pages allow styles from the site only). */
export const workspaceCss = `:root {
  color-scheme: light;
  --ink: #1b1f24;
  --muted: #4d5661;
  --line: #d8dee4;
  --page: #f3f5f8;
  --card: #ffffff;
  --brand: #0f6cbd;
  --brand-dark: #0c5595;
  --bad: #a4262c;
  --bad-bg: #fdf3f4;
  --focus: #000000;
}
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--page); }
a { color: var(--brand-dark); }
a:focus-visible, button:focus-visible, select:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: var(--card); padding: .5rem 1rem; }
.skip:focus { left: 1rem; }
.bar { display: flex; flex-wrap: wrap; gap: .75rem 1.5rem; align-items: center; padding: .75rem 1.5rem; background: var(--card); border-bottom: 1px solid var(--line); }
.product { font-weight: 700; }
.bar ul { display: flex; gap: 1rem; list-style: none; margin: 0; padding: 0; }
.bar a[aria-current] { font-weight: 700; color: var(--ink); }
.user { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; margin-left: auto; }
.user p { margin: 0; }
.roles { color: var(--muted); font-size: .875rem; }
main { max-width: 72rem; margin: 1.5rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.75rem; margin: 0 0 .5rem; }
button { font: inherit; padding: .45rem 1rem; border: 1px solid var(--brand); border-radius: 6px; background: var(--card); color: var(--brand-dark); cursor: pointer; }
a.button { display: inline-block; text-decoration: none; border-radius: 6px; }
a.button:not(.primary):not(.danger) { border: 1px solid var(--brand); padding: .55rem 1.1rem; background: var(--card); color: var(--brand-dark); }
.toolbar .actions { margin: 0; }
.primary { background: var(--brand); color: #fff; font-weight: 600; padding: .65rem 1.2rem; }
.primary:hover { background: var(--brand-dark); color: #fff; }
input[type="search"] { font: inherit; padding: .4rem .5rem; border: 1px solid #6e7781; border-radius: 6px; min-width: 16rem; max-width: 100%; }
select { font: inherit; padding: .4rem; border: 1px solid #6e7781; border-radius: 6px; background: var(--card); color: var(--ink); }
.filters { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: 1rem 0; }
.notice { padding: .75rem 1rem; border: 1px solid var(--line); border-left: 4px solid var(--brand); background: var(--card); }
.notice.problem { border-left-color: var(--bad); background: var(--bad-bg); }
.table-wrap { overflow-x: auto; background: var(--card); border: 1px solid var(--line); border-radius: 8px; }
table { width: 100%; border-collapse: collapse; }
caption { text-align: left; padding: .75rem 1rem; font-weight: 600; }
th, td { text-align: left; vertical-align: top; padding: .6rem 1rem; border-top: 1px solid var(--line); }
thead th { color: var(--muted); font-size: .875rem; }
tbody th { font-weight: 600; }
code { font-size: .875rem; }
.pages { display: flex; gap: 1rem; margin: 1rem 0; }
.empty { color: var(--muted); }
.danger { background: var(--bad); border-color: var(--bad); color: #fff; }
a.button.danger { padding: .55rem 1.1rem; font-weight: 600; }
.danger:hover { background: #7d1d22; color: #fff; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1.5rem; background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
.relationships { padding-left: 1.25rem; }
.relationships li { margin: .5rem 0; }
.muted, .hint { color: var(--muted); }
.field { display: grid; gap: .35rem; max-width: 40rem; margin: 1rem 0; }
.field label { font-weight: 600; }
.hint, .error { margin: 0; font-size: .875rem; }
.error { color: var(--bad); font-weight: 600; }
input[type="text"], input[type="email"], input[type="tel"] { font: inherit; padding: .45rem .5rem; border: 1px solid #6e7781; border-radius: 6px; max-width: 100%; }
.invalid input { border: 2px solid var(--bad); }
.check p { margin: 0; }
.link { width: 100%; font-family: ui-monospace, monospace; font-size: .875rem; }
.email { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; max-width: 48rem; }
.email pre { white-space: pre-wrap; overflow-wrap: anywhere; font: inherit; margin: 0; }
.toolbar { display: flex; justify-content: space-between; align-items: center; flex-wrap: wrap; gap: 1rem; }
textarea { font: inherit; padding: .5rem; border: 1px solid #6e7781; border-radius: 6px; }
.invalid textarea { border: 2px solid var(--bad); }
.actions { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; }
.timeline { padding-left: 1.25rem; }
.timeline li { margin: .35rem 0; }
.actions form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.cancel input { min-width: 16rem; }
.copyable { display: flex; gap: .5rem; align-items: center; margin: 0; }
.copyable .link { flex: 1; }
button.copy { white-space: nowrap; }
input[type="url"], input[type="file"] { font: inherit; padding: .45rem .5rem; border: 1px solid #6e7781; border-radius: 6px; max-width: 100%; background: var(--card); }
fieldset.field { border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem; background: var(--card); }
fieldset.field legend { font-weight: 600; padding: 0 .25rem; }
fieldset.field .check { margin: .2rem 0; }
fieldset.field .check label { font-weight: 400; }
progress { width: 100%; max-width: 40rem; height: 1.25rem; accent-color: var(--brand); }
.counts { max-width: 40rem; }
.plain { list-style: none; margin: 0; padding: 0; }
td.bad { color: var(--bad); }
.upload, .add { margin: 1.5rem 0; }
.refused h2 { color: var(--bad); }
@media (max-width: 40rem) {
  .bar { padding: .75rem 1rem; }
  main { padding: 0 1rem; }
  th, td { padding: .5rem; }
}
`;
