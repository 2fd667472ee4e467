import { BASE_CSS } from "../pages/page-styles.js";

export const ERROR_PAGE_CSS = `${BASE_CSS}
.icon{display:flex;align-items:center;justify-content:center;width:48px;height:48px;margin-bottom:20px;
border-radius:50%;background:var(--danger-soft);color:var(--danger)}
.icon svg{width:26px;height:26px}
.explanation{margin-top:10px;color:var(--muted);text-wrap:pretty}
.actions{margin-top:28px}
.hint{margin-top:28px;color:var(--muted);font-size:.9375rem}
.support{margin-top:28px;padding-top:16px;border-top:1px solid var(--border);color:var(--muted);font-size:.8125rem}
.support code{font:.8125rem/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:var(--text);overflow-wrap:anywhere}
.support p+p{margin-top:4px}
`;
