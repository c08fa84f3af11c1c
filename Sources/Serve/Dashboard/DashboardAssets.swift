/// The dashboard's style and script, compiled into the binary: a page fetches nothing
/// from outside the machine.
enum DashboardAssets {
    static let style = """
        :root{--fg:#1f2328;--muted:#656d76;--line:#d0d7de;--bg:#fff;--accent:#0969da;--soft:#f6f8fa}
        *{box-sizing:border-box}
        body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI","DejaVu Sans",sans-serif;color:var(--fg);background:var(--bg)}
        nav.top{display:flex;gap:18px;align-items:center;padding:10px 24px;border-bottom:1px solid var(--line);background:var(--soft)}
        nav.top a{color:var(--fg);text-decoration:none;padding:4px 2px}
        nav.top a.current{border-bottom:2px solid var(--accent);font-weight:600}
        .brand{font-weight:700;margin-right:12px}
        main{padding:16px 24px 48px;max-width:1400px}
        h1{font-size:22px;margin:8px 0 4px}
        h2{font-size:16px;margin:24px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
        a{color:var(--accent)}
        table{border-collapse:collapse;margin:6px 0}
        th,td{padding:4px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
        th{background:var(--soft);font-weight:600;white-space:nowrap}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
        tr.differs td{background:#fff8c5}
        tr.best td{background:#dafbe1}
        .muted,.note,.caption,p.count{color:var(--muted)}
        .status-running{color:#9a6700;font-weight:600}
        .status-failed,.status-interrupted{color:#cf222e}
        .status-finished{color:#1a7f37}
        .status-pruned{color:var(--muted)}
        .progress{display:block;font-weight:400;color:var(--muted);font-size:12px}
        .error{color:#cf222e}
        code,pre{font:12.5px/1.4 ui-monospace,"DejaVu Sans Mono",monospace}
        pre{background:var(--soft);padding:10px;border:1px solid var(--line);overflow:auto;max-height:480px}
        form#filters{display:flex;flex-wrap:wrap;gap:8px;align-items:end;margin:8px 0}
        form#filters label{display:flex;flex-direction:column;font-size:12px;color:var(--muted)}
        input,select,button{font:inherit;padding:3px 6px}
        .tags span{display:inline-block;background:#ddf4ff;border-radius:10px;padding:0 8px;margin:0 4px 2px 0;font-size:12px}
        nav.pages{margin:8px 0;display:flex;gap:12px}
        svg{max-width:100%;height:auto}
        .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:8px 32px}
        .grid.lead{grid-template-columns:minmax(220px,1fr) minmax(320px,3fr)}
        @media (max-width:760px){.grid.lead{grid-template-columns:1fr}}
        """

    /// Live updates (server-sent events) and sorting and paging without a reload. Every
    /// page works without it.
    static let script = """
        (function () {
          'use strict';
          let source = null;
          function main() { return document.getElementById('main'); }
          function subscribe() {
            if (source) { source.close(); source = null; }
            if (!document.body.dataset.live || !window.EventSource) return;
            // The version of what the page shows: the stream sends an update when the
            // store's page differs from it; a reconnect names the last one by its event id.
            source = new EventSource('/events?path=' + encodeURIComponent(location.pathname + location.search)
              + '&seen=' + encodeURIComponent(main().dataset.version || ''));
            source.addEventListener('update', function (event) {
              main().innerHTML = event.data;
              main().dataset.version = event.lastEventId;
            });
          }
          async function go(href, push) {
            let response;
            try { response = await fetch(href, { credentials: 'same-origin' }); } catch (e) { location.href = href; return; }
            const page = new DOMParser().parseFromString(await response.text(), 'text/html');
            const next = page.getElementById('main');
            if (!next) { location.href = href; return; }
            main().innerHTML = next.innerHTML;
            main().dataset.version = next.dataset.version || '';
            document.title = page.title;
            if (page.body.dataset.live) { document.body.dataset.live = '1'; } else { delete document.body.dataset.live; }
            if (push) history.pushState(null, '', href);
            subscribe();
          }
          document.addEventListener('click', function (event) {
            const link = event.target.closest('a.sort, nav.pages a');
            if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
            event.preventDefault();
            go(link.getAttribute('href'), true);
          });
          window.addEventListener('popstate', function () { go(location.pathname + location.search, false); });
          if (document.readyState === 'loading') {
            document.addEventListener('DOMContentLoaded', subscribe);
          } else {
            subscribe();
          }
        })();
        """
}
