/* global acquireVsCodeApi, document, window */
// The certificate editor's page: renders the model the extension posts (built by the
// server, server/src/core/pki/editorModel.ts) with DOM calls only (text is never parsed
// as HTML), and reports what it rendered. Buttons and links are real <button>s, so Tab,
// Enter and Space work; copying and opening files go through the extension.
(function () {
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('root');
  // The page's words come with each model, translated by the extension (webviewStrings() in certificateEditor.ts).
  let strings = {};
  function t(key, ...args) {
    const message = typeof strings[key] === 'string' ? strings[key] : key;
    return message.replace(/\{(\d+)\}/g, (m, i) => (i < args.length ? String(args[i]) : m));
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'onclick') node.addEventListener('click', v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c === undefined || c === null || c === false) continue;
      node.append(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return node;
  }

  const bannerIcons = { valid: '✓', expiring: '!', expired: '✕', revoked: '⊘', notYetValid: '…', stale: '!', locked: '⚿', info: 'i', error: '✕' };

  function banner(b) {
    return el('div', { class: `banner banner-${b.level}`, role: 'status' },
      el('span', { class: 'banner-icon', 'aria-hidden': 'true' }, bannerIcons[b.level] || 'i'),
      el('div', {}, el('strong', {}, b.title), b.detail ? el('div', { class: 'banner-detail' }, b.detail) : null));
  }

  function copyButton(label, value) {
    return el('button', { class: 'icon-button', type: 'button', title: t('copyLabel', label), 'aria-label': t('copyLabel', label), 'data-copy': '1', onclick: () => vscode.postMessage({ type: 'copy', value }) }, t('copy'));
  }

  function section(s) {
    const dl = el('dl', { class: 'rows' });
    for (const r of s.rows) {
      dl.append(el('dt', {}, r.label), el('dd', { class: r.copy ? 'mono' : undefined }, el('span', { class: 'value' }, r.value), r.copy ? copyButton(r.label, r.value) : null));
    }
    return el('section', { class: 'group' }, el('h3', {}, s.title), dl);
  }

  function chain(card) {
    if (!card.chain.length && !card.chainNote) return null;
    const list = el('ol', { class: 'chain', 'aria-label': t('chainList') });
    for (const link of card.chain) {
      const label = link.current ? el('span', { class: 'chain-current', 'aria-current': 'true' }, t('thisCertificate', link.label)) : el('button', { class: 'link', type: 'button', title: link.path || '', onclick: () => vscode.postMessage({ type: 'open', id: link.id, path: link.path }) }, link.label);
      list.append(el('li', {}, label, link.path ? el('span', { class: 'muted path' }, ` ${link.file || link.path}`) : null));
    }
    return el('section', { class: 'group' }, el('h3', {}, t('chain')), card.chain.length ? list : null, card.chainNote ? el('p', { class: 'muted' }, card.chainNote) : null);
  }

  function renderCard(card, index, total) {
    const heading = el('h2', { id: `card-${index}` }, card.heading);
    return el('article', { class: `card card-${card.kind}`, 'aria-labelledby': `card-${index}` },
      el('header', {}, total > 1 ? el('div', { class: 'muted' }, t('objectOf', index + 1, total)) : null, heading, card.subheading ? el('div', { class: 'muted' }, card.subheading) : null),
      card.banner ? banner(card.banner) : null,
      card.badges.length ? el('ul', { class: 'badges', 'aria-label': t('problems') }, card.badges.map((b) => el('li', { class: 'badge' }, b))) : null,
      el('div', { class: 'groups' }, card.sections.map(section), chain(card)));
  }

  function render(model) {
    root.replaceChildren();
    root.append(el('h1', {}, model.title));
    if (model.locked) {
      root.append(el('div', { class: 'banner banner-locked', role: 'status' },
        el('span', { class: 'banner-icon', 'aria-hidden': 'true' }, bannerIcons.locked),
        el('div', {}, el('strong', {}, t('lockedTitle')),
          el('div', { class: 'banner-detail' }, model.locked.message || t('lockedDetail'))),
        el('button', { class: 'primary', type: 'button', onclick: () => vscode.postMessage({ type: 'unlock' }) }, t('enterPassword'))));
    }
    model.cards.forEach((c, i) => root.append(renderCard(c, i, model.cards.length)));
    if (model.raw) {
      root.append(el('details', { class: 'raw' }, el('summary', {}, t('raw')), el('pre', { tabindex: '0' }, model.raw)));
    }
    vscode.postMessage({
      type: 'rendered',
      summary: {
        cards: root.querySelectorAll('article.card').length,
        headings: [...root.querySelectorAll('article.card h2')].map((h) => h.textContent),
        banners: [...root.querySelectorAll('.banner strong')].map((b) => b.textContent),
        chainLinks: root.querySelectorAll('.chain li').length,
        copyButtons: root.querySelectorAll('button[data-copy]').length,
        locked: !!model.locked,
      },
    });
  }

  window.addEventListener('message', (event) => {
    const m = event.data;
    if (m && m.type === 'model' && m.model) {
      if (m.strings && typeof m.strings === 'object') strings = m.strings;
      render(m.model);
    }
  });
  vscode.postMessage({ type: 'ready' });
})();
