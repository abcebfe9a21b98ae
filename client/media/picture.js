/* global acquireVsCodeApi, document, window, DOMParser */
// The pictures' page (timeline, chain diagram): shows the SVG the extension drew
// (client/src/views/pictures/*.ts) and a legend, opens an item when its bar or box is
// clicked or Enter/Space is pressed on it (each is focusable with Tab), and reports
// what it shows.
(function () {
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('root');

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function render(m) {
    const svg = new DOMParser().parseFromString(m.svg, 'image/svg+xml').documentElement;
    const picture = el('div', 'picture');
    picture.append(document.importNode(svg, true));
    const legend = el('div', 'legend');
    for (const item of m.legend) {
      const span = el('span');
      span.append(el('span', `swatch ${item.cls}-swatch`), document.createTextNode(item.text));
      legend.append(span);
    }
    const toolbar = el('div', 'toolbar');
    toolbar.append(el('span', 'muted', m.summary), legend);
    root.replaceChildren(el('h1', undefined, m.title), toolbar, picture);
    const targets = [...picture.querySelectorAll('[data-open]')];
    for (const t of targets) {
      const open = () => vscode.postMessage({ type: 'open', id: t.getAttribute('data-open') });
      t.addEventListener('click', open);
      t.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          open();
        }
      });
    }
    vscode.postMessage({ type: 'rendered', rendered: { openable: targets.length, labels: targets.map((t) => t.getAttribute('aria-label')) } });
  }

  window.addEventListener('message', (event) => {
    const m = event.data;
    if (m && m.type === 'picture') render(m);
  });
  vscode.postMessage({ type: 'ready' });
})();
