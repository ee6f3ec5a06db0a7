// The bundled web client: the line dialect over a WebSocket (subprotocol reactor-chat.v1), one
// line per message each way. Everything from the network is shown as text (textContent), never
// parsed as HTML; only http and https addresses become links.
'use strict';

(function () {
  const PROTOCOL = 'reactor-chat.v1';
  const MAX_LINES = 1000;
  const MIN_BACKOFF_MS = 1000;
  const MAX_BACKOFF_MS = 30000;
  // Connected this long, the connection counts as working and the next wait starts small again. A
  // server that takes the socket and closes it (a wrong password, a ban) is not retried every second.
  const STABLE_MS = 30000;
  // Close codes that say trying again would end the same way: the client broke the protocol (1002),
  // sent what is not UTF-8 (1007) or too big (1009), or the server refuses it (1008).
  const FINAL_CLOSES = {1002: 'protocol error', 1007: 'invalid data', 1008: 'refused by the server', 1009: 'message too big'};
  const URL_PATTERN = /\bhttps?:\/\/[^\s<>"]+/g;

  const $ = (id) => document.getElementById(id);
  const log = $('log');
  let socket = null;
  let wanted = null;    // what the user asked for: {nick, room, password}; null before the first login
  let backoff = MIN_BACKOFF_MS;
  let stableTimer = null;
  let leaving = false;

  function setStatus(text) {
    $('status').textContent = text;
  }

  function classify(line) {
    if (line.startsWith('! ')) return 'error';
    if (line.startsWith('* ')) return 'notice';
    if (/^\d\d:\d\d:\d\d (\*\S+\*|-> )/.test(line)) return 'private';
    return 'message';
  }

  // Appends text to a parent, with http(s) addresses as links that open elsewhere and tell nothing.
  function appendText(parent, text) {
    let last = 0;
    for (const match of text.matchAll(URL_PATTERN)) {
      parent.append(text.slice(last, match.index));
      const link = document.createElement('a');
      link.href = match[0];
      link.textContent = match[0];
      link.rel = 'noopener noreferrer';
      link.target = '_blank';
      parent.append(link);
      last = match.index + match[0].length;
    }
    parent.append(text.slice(last));
  }

  function show(line) {
    const item = document.createElement('li');
    item.className = classify(line);
    const stamp = /^(\d\d:\d\d:\d\d) (.*)$/.exec(line);
    const time = document.createElement('time');
    time.textContent = stamp ? stamp[1] : new Date().toTimeString().slice(0, 8);
    item.append(time);
    appendText(item, stamp ? stamp[2] : line);
    const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
    log.append(item);
    while (log.childElementCount > MAX_LINES) log.firstElementChild.remove();
    if (atBottom) item.scrollIntoView({block: 'end'});
  }

  function send(line) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(line);
  }

  function connect() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(scheme + '//' + location.host + '/ws', PROTOCOL);
    setStatus('connecting…');
    socket.addEventListener('open', () => {
      stableTimer = setTimeout(() => { backoff = MIN_BACKOFF_MS; }, STABLE_MS);
      setStatus('connected as ' + wanted.nick);
      if (wanted.password) send('/pass ' + wanted.password);
      send('/nick ' + wanted.nick);
      if (wanted.room && wanted.room !== 'lobby') send('/join ' + wanted.room);
    });
    socket.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') return;
      show(event.data);
      const room = /^\* you are now in (\S+) /.exec(event.data);
      if (room) wanted.room = room[1]; // a reconnect comes back to the room last joined
      const nick = /^\* you are now known as (\S+)$/.exec(event.data);
      if (nick) {
        wanted.nick = nick[1];
        setStatus('connected as ' + wanted.nick);
      }
    });
    socket.addEventListener('close', (event) => {
      socket = null;
      clearTimeout(stableTimer);
      if (leaving) {
        setStatus('left');
        return;
      }
      const why = event.reason ? ': ' + event.reason : '';
      if (event.code in FINAL_CLOSES) {
        setStatus('disconnected (' + event.code + ', ' + FINAL_CLOSES[event.code] + why + '); not trying again');
        return;
      }
      // +-50%, so that the clients a restart cut off do not all come back at the same moment.
      const wait = Math.round(backoff * (0.5 + Math.random()));
      setStatus('disconnected (' + event.code + why + '); trying again in ' + Math.round(wait / 1000) + ' s');
      setTimeout(connect, wait);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    });
  }

  $('login').addEventListener('submit', (event) => {
    event.preventDefault();
    wanted = {
      nick: $('nick').value.trim(),
      room: $('room').value.trim().replace(/^#/, '') || 'lobby',
      password: $('password').value,
    };
    $('login').hidden = true;
    $('chat').hidden = false;
    $('line').focus();
    connect();
  });

  $('say').addEventListener('submit', (event) => {
    event.preventDefault();
    const line = $('line').value;
    if (!line.trim()) return;
    if (/^\/quit\b/.test(line)) leaving = true;
    send(line);
    $('line').value = '';
  });
})();
