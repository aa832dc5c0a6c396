/* The chat page: connects Web Chat to our Direct Line, keeps the conversation across reloads,
   and switches language (including right-to-left Arabic) without losing the conversation. */
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('veiviser-config').textContent);
  var STORAGE_KEY = 'veiviser.conversation';
  var LANG_KEY = 'veiviser.lang';
  var domain = window.location.origin + '/v3/directline';
  var lang = config.lang;
  var directLine = null;
  var host = document.getElementById('webchat');
  var statusEl = document.getElementById('status');
  var select = document.getElementById('language');

  function strings(l) {
    return config.strings[l] || config.strings[config.lang];
  }
  /* The server's list decides which languages are right-to-left (bot/shared/languages.ts). */
  function direction(l) {
    return config.direction[l] || 'ltr';
  }
  function format(text) {
    return String(text).replace(/\{\{phone\}\}/g, config.phone);
  }

  function applyPageLanguage(l) {
    var s = strings(l);
    document.documentElement.lang = l;
    document.documentElement.dir = direction(l);
    Array.prototype.forEach.call(document.querySelectorAll('[data-i18n]'), function (el) {
      var value = s[el.getAttribute('data-i18n')];
      if (value) el.textContent = format(value);
    });
  }

  function saved() {
    try {
      return JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) || 'null');
    } catch (e) {
      return null;
    }
  }
  function save(grant) {
    try {
      window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(grant));
    } catch (e) {
      /* private mode */
    }
  }

  function post(path, token, body) {
    var headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    return fetch(domain + path, { method: 'POST', headers: headers, body: JSON.stringify(body || {}) }).then(
      function (res) {
        if (!res.ok) {
          var err = new Error('HTTP ' + res.status);
          err.status = res.status;
          throw err;
        }
        return res.json();
      },
    );
  }

  /* Resume the saved conversation when its token still works; otherwise start a new one. */
  function obtainGrant() {
    var previous = saved();
    if (previous && previous.token) {
      return post('/tokens/refresh', previous.token).then(
        function (grant) {
          return { grant: grant, resume: true };
        },
        function () {
          return newGrant();
        },
      );
    }
    return newGrant();
  }
  function newGrant() {
    return post('/tokens/generate', null, { locale: config.channelLocale[lang] }).then(function (grant) {
      return { grant: grant, resume: false };
    });
  }

  function render(grant, resume) {
    save(grant);
    if (directLine) {
      try {
        directLine.end();
      } catch (e) {
        /* already closed */
      }
    }
    var options = { domain: domain, token: grant.token, webSocket: false, pollingInterval: 500 };
    if (resume) {
      options.conversationId = grant.conversationId;
      options.watermark = '';
    }
    directLine = window.WebChat.createDirectLine(options);
    // A fresh element each time: Web Chat mounts once per container.
    var old = document.getElementById('webchat-root');
    if (old) old.remove();
    var root = document.createElement('div');
    root.id = 'webchat-root';
    host.appendChild(root);
    var s = strings(lang);
    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        locale: config.webChatLocale[lang],
        dir: direction(lang),
        styleOptions: {
          hideUploadButton: true,
          bubbleMaxWidth: 600,
          primaryFont: 'inherit',
          accent: '#0067c5',
          subtle: '#545454',
          timestampColor: '#545454',
        },
        overrideLocalizedStrings: { TEXT_INPUT_PLACEHOLDER: s.placeholder, TEXT_INPUT_SEND_BUTTON_ALT: s.send },
      },
      root,
    );
    statusEl.textContent = '';
    statusEl.hidden = true;
    var current = directLine;
    current.connectionStatus$.subscribe(function (status) {
      // A language switch ends the previous connection (5 = Ended); only the current one counts.
      if (current !== directLine) return;
      // 3 = ExpiredToken, 4 = FailedToConnect: the saved conversation is gone; start anew.
      if (status === 3 || status === 4) {
        forget();
        statusEl.hidden = false;
        statusEl.textContent = format(strings(lang).connectError);
      }
    });
    return current;
  }

  function forget() {
    try {
      window.sessionStorage.removeItem(STORAGE_KEY);
    } catch (e) {
      /* ignore */
    }
  }

  function start() {
    obtainGrant().then(
      function (r) {
        render(r.grant, r.resume);
      },
      function () {
        statusEl.hidden = false;
        statusEl.textContent = format(strings(lang).connectError);
      },
    );
  }

  function switchLanguage(next) {
    if (next === lang || config.languages.indexOf(next) < 0) return;
    lang = next;
    try {
      window.sessionStorage.setItem(LANG_KEY, lang);
    } catch (e) {
      /* ignore */
    }
    applyPageLanguage(lang);
    var url = new URL(window.location.href);
    url.searchParams.set('lang', lang);
    window.history.replaceState(null, '', url.toString());
    var grant = saved();
    if (!grant) {
      start();
      return;
    }
    var dl = render(
      {
        conversationId: grant.conversationId,
        token: directLine ? directLine.token || grant.token : grant.token,
        expires_in: grant.expires_in,
      },
      true,
    );
    dl.postActivity({
      type: 'event',
      name: 'veiviser/setLanguage',
      value: lang,
      from: { id: 'user' },
      locale: config.channelLocale[lang],
    }).subscribe({
      error: function () {
        /* shown by Web Chat's connectivity status */
      },
    });
  }

  select.addEventListener('change', function () {
    switchLanguage(select.value);
  });

  document.getElementById('new-conversation').addEventListener('click', function () {
    if (directLine) {
      directLine.postActivity({ type: 'endOfConversation', from: { id: 'user' } }).subscribe({ error: function () {} });
    }
    forget();
    newGrant().then(function (r) {
      render(r.grant, false);
    });
  });

  /* The demo login (embedded default only): a demo person's ID token opens a new, logged-in conversation. */
  var demo = document.getElementById('demo-login');
  if (demo) {
    var people = document.getElementById('demo-person');
    var demoStatus = document.getElementById('demo-status');
    fetch('/demo/people')
      .then(function (res) {
        return res.json();
      })
      .then(
        function (data) {
          data.people.forEach(function (p) {
            var option = document.createElement('option');
            option.value = p.id;
            var situations = strings(lang).demoSituations || {};
            option.textContent = p.name + ' – ' + (situations[p.id] || p.situation);
            people.appendChild(option);
          });
        },
        function () {
          demoStatus.textContent = strings(lang).demoLoginError;
        },
      );
    document.getElementById('demo-login-button').addEventListener('click', function () {
      var chosen = people.options[people.selectedIndex];
      if (!chosen) return;
      fetch('/demo/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ person: chosen.value }),
      })
        .then(function (res) {
          if (!res.ok) throw new Error('HTTP ' + res.status);
          return res.json();
        })
        .then(function (data) {
          return post('/tokens/generate', data.id_token, { locale: config.channelLocale[lang] });
        })
        .then(
          function (grant) {
            if (directLine)
              directLine
                .postActivity({ type: 'endOfConversation', from: { id: 'user' } })
                .subscribe({ error: function () {} });
            forget();
            render(grant, false);
            demoStatus.textContent = strings(lang).demoLoggedIn.replace('{{name}}', chosen.textContent.split(' – ')[0]);
          },
          function () {
            demoStatus.textContent = strings(lang).demoLoginError;
          },
        );
    });
  }

  window.addEventListener('pagehide', function () {
    var grant = saved();
    if (grant && directLine && directLine.token) {
      grant.token = directLine.token;
      save(grant);
    }
  });

  var stored = null;
  try {
    stored = window.sessionStorage.getItem(LANG_KEY);
  } catch (e) {
    /* ignore */
  }
  if (!/[?&]lang=/.test(window.location.search) && stored && config.languages.indexOf(stored) >= 0 && stored !== lang) {
    lang = stored;
    select.value = lang;
    applyPageLanguage(lang);
  }
  start();
})();
