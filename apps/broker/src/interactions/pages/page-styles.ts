/**
 * CSS shared by the person-facing broker pages (chooser, error page): system
 * fonts, phone first, a centered card from tablet width on, visible focus, and
 * a dark scheme. Static text, inlined into a <style> that carries the CSP nonce
 * or hash; no external resources.
 */
export const BASE_CSS = `
:root{--bg:#f3f5f8;--surface:#fff;--text:#111827;--muted:#5b6474;--border:#d9dee6;--border-strong:#b9c1cd;
--accent:#1d4ed8;--accent-hover:#1e40af;--accent-soft:#eef3ff;--focus:#2563eb;--danger:#b42318;--danger-soft:#fef3f2;
color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--surface:#161b22;--text:#e6edf3;--muted:#9aa5b4;
--border:#2d3540;--border-strong:#444e5b;--accent:#7aa2ff;--accent-hover:#a5c0ff;--accent-soft:#1a2540;--focus:#7aa2ff;
--danger:#ff8a80;--danger-soft:#2a1616}}
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;min-height:100vh;background:var(--surface);color:var(--text);
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif;
-webkit-font-smoothing:antialiased}
.page{max-width:32rem;margin:0 auto;padding:28px 20px 32px}
.card{background:var(--surface)}
@media (min-width:40rem){body{background:var(--bg)}.page{padding-top:56px}
.card{padding:36px 36px 28px;border:1px solid var(--border);border-radius:16px;
box-shadow:0 1px 2px rgb(16 24 40/4%),0 12px 32px rgb(16 24 40/6%)}}
h1{margin:0;font-size:1.375rem;line-height:1.3;font-weight:650;letter-spacing:-.01em;text-wrap:balance}
p{margin:0}
.lead{margin-top:6px;color:var(--muted)}
.button{display:flex;align-items:center;justify-content:center;width:100%;min-height:48px;padding:10px 16px;
border:1px solid var(--border-strong);border-radius:10px;background:var(--surface);color:var(--text);
font:inherit;font-weight:550;text-decoration:none;cursor:pointer}
.button:hover{background:var(--bg)}
.button-primary{border-color:var(--accent);background:var(--accent);color:#fff}
.button-primary:hover{background:var(--accent-hover);border-color:var(--accent-hover)}
@media (prefers-color-scheme:dark){.button-primary{color:#0d1117}}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.footer{margin-top:20px;color:var(--muted);font-size:.8125rem;text-align:center;text-wrap:pretty}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
`;

export const CHOOSER_CSS = `
.app{display:flex;flex-direction:column;align-items:flex-start;gap:16px;margin-bottom:24px}
.app-logo{display:flex;align-items:center;justify-content:center;width:56px;height:56px;flex:none;overflow:hidden;
border:1px solid var(--border);border-radius:14px;background:#fff}
.app-logo img{width:100%;height:100%;object-fit:contain;padding:6px}
.monogram{display:flex;align-items:center;justify-content:center;width:100%;height:100%;
background:var(--accent-soft);color:var(--accent);font-weight:650}
.app-logo .monogram{font-size:1.5rem}
.search{margin-bottom:20px}
.search label{display:block;margin-bottom:6px;font-weight:550;font-size:.9375rem}
.search-row{display:flex;gap:8px}
.search-field{position:relative;flex:1}
.search-field svg{position:absolute;left:14px;top:50%;width:20px;height:20px;margin-top:-10px;color:var(--muted);pointer-events:none}
.search input{width:100%;height:48px;padding:0 14px 0 44px;border:1px solid var(--border-strong);border-radius:10px;
background:var(--surface);color:var(--text);font:inherit;-webkit-appearance:none;appearance:none}
.search input::placeholder{color:var(--muted);opacity:.85}
.search input:focus{outline:none;border-color:var(--focus);box-shadow:0 0 0 3px rgb(37 99 235/25%)}
.search input::-webkit-search-cancel-button{cursor:pointer}
.search-submit{width:auto;flex:none}
.js .search-submit{display:none}
.group+.group{margin-top:20px}
.group h2{margin:0 0 8px;color:var(--muted);font-size:.8125rem;font-weight:600;letter-spacing:.02em}
.idps{display:grid;grid-template-columns:minmax(0,1fr);gap:8px;margin:0;padding:0;list-style:none}
.idp{display:flex;align-items:center;gap:14px;width:100%;min-height:64px;padding:10px 14px;
border:1px solid var(--border);border-radius:12px;background:var(--surface);color:var(--text);
font:inherit;text-align:left;cursor:pointer;transition:border-color .12s,background-color .12s}
.idp:hover{border-color:var(--accent);background:var(--accent-soft)}
.idp:active{transform:translateY(1px)}
.idp-logo{display:flex;align-items:center;justify-content:center;width:44px;height:44px;flex:none;overflow:hidden;
border:1px solid var(--border);border-radius:10px;background:#fff}
.idp-logo img{width:100%;height:100%;object-fit:contain;padding:4px}
.idp-name{flex:1;min-width:0;font-weight:550;line-height:1.3;overflow-wrap:break-word;-webkit-hyphens:auto;hyphens:auto}
.idp svg{width:20px;height:20px;flex:none;color:var(--muted)}
.idp:hover svg{color:var(--accent)}
.empty{padding:24px 16px;border:1px dashed var(--border-strong);border-radius:12px;text-align:center;color:var(--muted)}
.empty strong{display:block;margin-bottom:4px;color:var(--text);font-weight:600}
.actions{margin-top:24px;padding-top:20px;border-top:1px solid var(--border)}
@media (prefers-reduced-motion:reduce){.idp{transition:none}.idp:active{transform:none}}
`;
