// @ts-check
// The agent console: log in, the queue, one conversation at a time. Plain DOM, no framework;
// every text comes from the page's strings (locales/agent/<lang>.json). The response types are
// the server's own (bot/services/agentDesk.ts), so `npm run typecheck` catches a drift.

/** @typedef {import('../bot/services/agents.ts').Agent} Agent */
/** @typedef {import('../bot/services/agentDesk.ts').HandoffView} Handoff */
/** @typedef {import('../bot/services/agentDesk.ts').TranscriptView} Transcript */
/** @typedef {import('../bot/services/agentDesk.ts').BookingRow} Booking */
/** @typedef {ReturnType<import('../bot/services/agentDesk.ts').AgentDesk['topics']>[number]} Topic */
/** @typedef {ReturnType<import('../bot/services/agentDesk.ts').AgentDesk['offices']>[number]} Office */
/** @typedef {typeof import('../locales/agent/nb.json')} Strings */
/** @typedef {string | number | boolean | null | undefined | ((event: Event) => void)} AttrValue */
/** @typedef {Node | string | null | undefined} Child */
/**
 * What the API answered; `data` has the type T only when the status says success (callers check it).
 * @template T
 * @typedef {{ status: number, data: T, retryAfter: string | null }} Reply
 */

(function () {
  'use strict';
  /** An element the page always has. */
  const byId = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
  /** @type {Strings} */
  const S = JSON.parse(byId('strings').textContent || '{}');
  const main = byId('main');
  const who = byId('who');
  const logoutButton = /** @type {HTMLButtonElement} */ (byId('logout'));
  /** @type {{ agent: Agent | null, current: Handoff | null, watermark: number, timers: number[], topics: Topic[] }} */
  const state = { agent: null, current: null, watermark: 0, timers: [], topics: [] };

  /**
   * The string at a dotted path of the page's strings, with {{name}} placeholders filled; the path itself when missing.
   * @param {string} path
   * @param {Record<string, string | number>} [values]
   */
  function t(path, values) {
    /** @type {unknown} */
    let s = S;
    for (const k of path.split('.'))
      s = s !== null && typeof s === 'object' ? /** @type {Record<string, unknown>} */ (s)[k] : undefined;
    if (typeof s !== 'string') return path;
    let text = s;
    for (const [k, v] of Object.entries(values || {})) text = text.split('{{' + k + '}}').join(String(v));
    return text;
  }

  /**
   * A new element: `text` sets its text, `on…` adds a listener, other attributes are set (true as
   * an empty value; false, null and undefined left out).
   * @template {keyof HTMLElementTagNameMap} K
   * @param {K} tag
   * @param {Record<string, AttrValue>} [attrs]
   * @param {Child | Child[]} [children]
   * @returns {HTMLElementTagNameMap[K]}
   */
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') node.textContent = String(v);
      else if (typeof v === 'function') node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of Array.isArray(children) ? children : [children]) if (c) node.append(c);
    return node;
  }

  /**
   * @param {string} method
   * @param {string} path
   * @param {unknown} [body]
   * @returns {Promise<Reply<unknown>>}
   */
  async function api(method, path, body) {
    const res = await fetch('/agent/api' + path, {
      method,
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
      credentials: 'same-origin',
    });
    const data = res.status === 204 ? {} : await res.json().catch(() => ({}));
    if (res.status === 401 && path !== '/login') showLogin();
    return { status: res.status, data, retryAfter: res.headers.get('Retry-After') };
  }

  function stopTimers() {
    state.timers.forEach((id) => window.clearInterval(id));
    state.timers = [];
  }

  /**
   * @param {number} ms
   * @param {() => unknown} fn
   */
  function every(ms, fn) {
    fn();
    state.timers.push(window.setInterval(fn, ms));
  }

  // --- log in ---------------------------------------------------------------------------
  /** @param {string} [message] */
  function showLogin(message) {
    stopTimers();
    state.agent = null;
    who.textContent = '';
    logoutButton.hidden = true;
    const error = el('p', { id: 'login-error', class: 'error', role: 'alert', text: message || '' });
    const id = el('input', { id: 'agent-id', name: 'id', autocomplete: 'username', required: true });
    const password = el('input', {
      id: 'agent-password',
      name: 'password',
      type: 'password',
      autocomplete: 'current-password',
      required: true,
    });
    const form = el('form', { class: 'login', 'aria-labelledby': 'login-heading' }, [
      el('h2', { id: 'login-heading', text: t('login.heading') }),
      el('label', { for: 'agent-id', text: t('login.id') }),
      id,
      el('label', { for: 'agent-password', text: t('login.password') }),
      password,
      el('button', { type: 'submit', text: t('login.submit') }),
      error,
    ]);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const r = /** @type {Reply<{ agent: Agent }>} */ (
        await api('POST', '/login', { id: id.value, password: password.value })
      );
      if (r.status === 200) return start(r.data.agent);
      password.value = '';
      if (r.status === 429)
        error.textContent = t('login.locked', { minutes: Math.ceil(Number(r.retryAfter || 900) / 60) });
      else if (r.status === 401) error.textContent = t('login.invalid');
      else error.textContent = t('login.failed');
      password.focus();
    });
    main.replaceChildren(form);
    id.focus();
  }

  logoutButton.addEventListener('click', async () => {
    await api('POST', '/logout', {});
    showLogin();
  });

  // --- the console ------------------------------------------------------------------------
  /** @param {Agent} agent */
  function start(agent) {
    state.agent = agent;
    who.textContent = t('loggedInAs', { name: agent.name, languages: agent.languages.join(', ') });
    logoutButton.hidden = false;
    const queue = el('section', { id: 'queue', 'aria-labelledby': 'queue-heading' }, [
      el('h2', { id: 'queue-heading', text: t('queue.heading') }),
      el('p', { id: 'queue-status', role: 'status' }),
      el('div', { id: 'queue-list' }),
    ]);
    const conversation = el('section', { id: 'conversation', 'aria-labelledby': 'conversation-heading' }, [
      el('h2', { id: 'conversation-heading', text: t('conversation.heading') }),
      el('p', { id: 'conversation-empty', text: t('conversation.none') }),
    ]);
    main.replaceChildren(el('div', { class: 'columns' }, [queue, conversation]), bookingsSection());
    api('GET', '/topics').then(
      (r) => (state.topics = /** @type {Reply<{ topics?: Topic[] }>} */ (r).data.topics || []),
    );
    every(2000, refreshQueue);
  }

  /** @param {number} seconds */
  function minutes(seconds) {
    return t('queue.minutes', { minutes: Math.floor(seconds / 60) });
  }

  async function refreshQueue() {
    const r = /** @type {Reply<{ items: Handoff[] }>} */ (await api('GET', '/queue'));
    if (r.status !== 200) return;
    const list = document.getElementById('queue-list');
    if (!list) return;
    const items = r.data.items;
    if (!items.length) return list.replaceChildren(el('p', { text: t('queue.empty') }));
    const rows = items.map((h) => {
      const language =
        h.lang +
        (h.speaksLanguage ? ' (' + t('queue.yourLanguage') + ')' : '') +
        (h.interpreter ? ', ' + t('queue.interpreter') : '');
      const action =
        h.status === 'queued'
          ? el('button', {
              type: 'button',
              class: 'claim',
              'data-id': h.id,
              text: t('queue.claim'),
              'aria-label': t('queue.claim') + ': ' + h.summary,
              onclick: () => claim(h.id),
            })
          : el('span', { text: t('queue.claimed', { name: h.agentName || '' }) });
      return el('tr', { class: h.priority === 0 ? 'urgent' : h.mine ? 'mine' : '', 'data-id': h.id }, [
        el('td', { text: t('reasons.' + h.reason) }),
        el('td', { lang: 'nb', text: h.summary }),
        el('td', { text: language }),
        el('td', { text: minutes(h.waitingSeconds) }),
        el('td', {}, action),
      ]);
    });
    const head = el(
      'tr',
      {},
      ['reason', 'summary', 'language', 'wait', 'status'].map((k) => el('th', { scope: 'col', text: t('queue.' + k) })),
    );
    list.replaceChildren(el('table', { class: 'queue' }, [el('thead', {}, head), el('tbody', {}, rows)]));
  }

  /** @param {string} id */
  async function claim(id) {
    const r = /** @type {Reply<{ handoff: Handoff }>} */ (await api('POST', '/handoffs/' + id + '/claim', {}));
    const status = byId('queue-status');
    if (r.status !== 200) {
      status.textContent = r.status === 409 ? t('queue.taken') : t('error');
      return refreshQueue();
    }
    status.textContent = '';
    openConversation(r.data.handoff);
    refreshQueue();
  }

  // --- bookings at the offices --------------------------------------------------------------
  function bookingsSection() {
    const office = el('select', { id: 'bookings-office' });
    const date = el('input', { id: 'bookings-date', type: 'date', value: new Date().toISOString().slice(0, 10) });
    const list = el('div', { id: 'bookings-list', 'aria-live': 'polite' });
    const csv = el('a', { id: 'bookings-csv', href: '#', text: t('bookings.csv') });
    const form = el('form', { id: 'bookings-form', class: 'inline' }, [
      el('label', { for: 'bookings-office', text: t('bookings.office') }),
      office,
      el('label', { for: 'bookings-date', text: t('bookings.date') }),
      date,
      el('button', { type: 'submit', text: t('bookings.show') }),
    ]);
    api('GET', '/offices').then((r) => {
      for (const o of /** @type {Reply<{ offices?: Office[] }>} */ (r).data.offices || [])
        office.append(el('option', { value: o.id, text: o.name }));
    });
    async function show() {
      const query = '?office=' + encodeURIComponent(office.value) + '&date=' + encodeURIComponent(date.value);
      csv.setAttribute('href', '/agent/api/bookings.csv' + query);
      const r = /** @type {Reply<{ bookings: Booking[] }>} */ (await api('GET', '/bookings' + query));
      if (r.status !== 200) return list.replaceChildren(el('p', { text: t('error') }));
      if (!r.data.bookings.length) return list.replaceChildren(el('p', { text: t('bookings.none') }));
      const head = el(
        'tr',
        {},
        ['time', 'reference', 'topic', 'language', 'interpreter', 'status', 'cancel'].map((k) =>
          el('th', { scope: 'col', text: t('bookings.' + k) }),
        ),
      );
      const rows = r.data.bookings.map((b) => {
        const reason = el('input', {
          id: 'reason-' + b.reference,
          'aria-label': t('bookings.reason') + ' ' + b.reference,
          maxlength: 500,
        });
        const cancel =
          b.status === 'confirmed'
            ? el('span', {}, [
                reason,
                el('button', {
                  type: 'button',
                  text: t('bookings.cancel'),
                  'aria-label': t('bookings.cancel') + ' ' + b.reference,
                  onclick: async () => {
                    if (!reason.value.trim()) return reason.focus();
                    const c = await api('POST', '/bookings/' + b.reference + '/cancel', { reason: reason.value });
                    if (c.status === 200) show();
                  },
                }),
              ])
            : el('span', { text: b.cancelReason || '' });
        return el('tr', { 'data-reference': b.reference }, [
          el('td', { text: b.time }),
          el('td', { text: b.reference }),
          el('td', { text: b.topic }),
          el('td', { text: b.language }),
          el('td', { text: b.interpreter || '–' }),
          el('td', { text: t('bookings.' + b.status) }),
          el('td', {}, cancel),
        ]);
      });
      list.replaceChildren(el('table', { class: 'queue' }, [el('thead', {}, head), el('tbody', {}, rows)]));
    }
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      show();
    });
    return el('section', { id: 'bookings', 'aria-labelledby': 'bookings-heading' }, [
      el('h2', { id: 'bookings-heading', text: t('bookings.heading') }),
      form,
      csv,
      list,
    ]);
  }

  // --- one conversation -------------------------------------------------------------------
  /** @param {Handoff} h */
  function openConversation(h) {
    state.current = h;
    state.watermark = 0;
    const section = byId('conversation');
    const transcript = el('ol', {
      id: 'transcript',
      class: 'transcript',
      tabindex: '0',
      'aria-live': 'polite',
      'aria-label': t('conversation.transcript'),
    });
    const message = el('textarea', { id: 'agent-message', rows: 3, maxlength: 4000 });
    const sendForm = el('form', { id: 'send-form' }, [
      el('label', { for: 'agent-message', text: t('conversation.message') }),
      message,
      el('button', { type: 'submit', text: t('conversation.send') }),
    ]);
    sendForm.addEventListener('submit', async (e) => {
      e.preventDefault();
      const text = message.value.trim();
      if (!text) return;
      const r = await api('POST', '/handoffs/' + h.id + '/messages', { text });
      if (r.status === 201) {
        message.value = '';
        poll();
      } else notice(t('error'));
    });

    const topicSelect = el('select', { id: 'knowledge-topic' }, [
      el('option', { value: '', text: t('knowledge.choose') }),
      ...state.topics.map((x) => el('option', { value: x.id, text: x.title })),
    ]);
    const preview = el('div', { id: 'knowledge-preview', class: 'preview', lang: 'nb', 'aria-live': 'polite' });
    const sendKnowledge = el('button', {
      type: 'submit',
      id: 'knowledge-send',
      disabled: true,
      text: t('knowledge.send', { language: h.lang }),
    });
    topicSelect.addEventListener('change', () => {
      const topic = state.topics.find((x) => x.id === topicSelect.value);
      const link = topic && !topic.answer.includes(topic.link) ? [el('p', { text: topic.link })] : [];
      preview.replaceChildren(
        ...(topic ? [el('h4', { text: topic.title }), el('p', { text: topic.answer }), ...link] : []),
      );
      sendKnowledge.disabled = !topic;
    });
    const knowledgeForm = el('form', { id: 'knowledge-form', 'aria-labelledby': 'knowledge-heading' }, [
      el('h3', { id: 'knowledge-heading', text: t('knowledge.heading') }),
      el('label', { for: 'knowledge-topic', text: t('knowledge.topic') }),
      topicSelect,
      el('p', { class: 'hint', text: t('knowledge.preview') }),
      preview,
      sendKnowledge,
    ]);
    knowledgeForm.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!topicSelect.value) return;
      const r = await api('POST', '/handoffs/' + h.id + '/knowledge', { topic: topicSelect.value });
      if (r.status === 201) poll();
      else notice(t('error'));
    });

    const outcome = el(
      'select',
      { id: 'end-outcome' },
      Object.keys(S.end.outcomes).map((k) => el('option', { value: k, text: t('end.outcomes.' + k) })),
    );
    const note = el('textarea', { id: 'end-note', rows: 2, maxlength: 2000 });
    const endForm = el('form', { id: 'end-form', 'aria-labelledby': 'end-heading' }, [
      el('h3', { id: 'end-heading', text: t('end.heading') }),
      el('label', { for: 'end-outcome', text: t('end.outcome') }),
      outcome,
      el('label', { for: 'end-note', text: t('end.note') }),
      note,
      el('button', { type: 'submit', id: 'end-submit', text: t('end.submit') }),
    ]);
    endForm.addEventListener('submit', async (e) => {
      e.preventDefault();
      const r = await api('POST', '/handoffs/' + h.id + '/end', { outcome: outcome.value, note: note.value });
      if (r.status === 200) {
        state.current = null;
        notice(t('conversation.ended'));
        sendForm.remove();
        knowledgeForm.remove();
        endForm.remove();
        refreshQueue();
      } else notice(t('error'));
    });

    const context = el('dl', { class: 'context', 'aria-label': t('conversation.context') }, [
      el('dt', { text: t('conversation.reason') }),
      el('dd', { text: t('reasons.' + h.reason) }),
      el('dt', { text: t('conversation.language') }),
      el('dd', { text: h.lang }),
      el('dt', { text: t('conversation.interpreter') }),
      el('dd', { text: h.interpreter ? t('conversation.yes') : t('conversation.no') }),
      el('dt', { text: t('conversation.summary') }),
      el('dd', { lang: 'nb', id: 'conversation-summary', text: h.summary }),
      ...(h.context && h.context.caseReference
        ? [
            el('dt', { text: t('conversation.caseReference') }),
            el('dd', { id: 'conversation-case', text: String(h.context.caseReference) }),
          ]
        : []),
      el('dt', { text: t('conversation.routes') }),
      el('dd', { text: routes(h.context).join(', ') || '–' }),
    ]);
    section.replaceChildren(
      el('h2', { id: 'conversation-heading', text: t('conversation.heading') }),
      context,
      el('p', { id: 'conversation-notice', role: 'status' }),
      el('h3', { text: t('conversation.transcript') }),
      transcript,
      sendForm,
      knowledgeForm,
      endForm,
    );
    message.focus();
    const timer = window.setInterval(poll, 1000);
    state.timers.push(timer);
    poll();

    /** @param {string} text */
    function notice(text) {
      const n = document.getElementById('conversation-notice');
      if (n) n.textContent = text;
    }

    let polling = false;
    async function poll() {
      if (state.current !== h) return window.clearInterval(timer);
      if (polling) return;
      polling = true;
      try {
        await pollOnce();
      } finally {
        polling = false;
      }
    }

    async function pollOnce() {
      const r = /** @type {Reply<Transcript>} */ (await api('GET', '/handoffs/' + h.id + '?after=' + state.watermark));
      if (r.status !== 200) return;
      for (const a of r.data.activities) {
        const label =
          a.from === 'user'
            ? t('conversation.user')
            : a.from === 'agent'
              ? a.name || t('conversation.you')
              : t('conversation.bot');
        // The user and the bot write in the user's language (its direction from the server); an agent may write either way.
        const dir = a.from === 'agent' ? 'auto' : h.dir;
        transcript.append(
          el('li', { class: 'from-' + a.from }, [
            el('span', { class: 'who', text: label + ': ' }),
            el('span', { class: 'text', dir, text: a.text }),
          ]),
        );
      }
      if (r.data.activities.length) transcript.scrollTop = transcript.scrollHeight;
      state.watermark = r.data.watermark;
      if (r.data.handoff.status === 'abandoned') {
        notice(t('conversation.userLeft'));
        sendForm.remove();
        knowledgeForm.remove();
      } else if (r.data.handoff.userGone) notice(t('conversation.userGone'));
    }
  }

  /**
   * The routes the conversation went through, from the handoff's context.
   * @param {Record<string, unknown>} context
   * @returns {string[]}
   */
  function routes(context) {
    const r = context && context.routes;
    return Array.isArray(r) ? r.map(String) : [];
  }

  api('GET', '/me').then((r) =>
    r.status === 200 ? start(/** @type {Reply<{ agent: Agent }>} */ (r).data.agent) : showLogin(),
  );
})();
