// The bundled web client: the line dialect over a WebSocket (subprotocol reactor-chat.v1), one
// line per message each way. Everything from the network is shown as text (textContent), never
// parsed as HTML; only http and https addresses become links.
'use strict';

(function () {
  const PROTOCOL = 'reactor-chat.v1';
  const MAX_LINES = 1000;
  const MAX_BACKOFF_MS = 30000;
  const URL_PATTERN = /\bhttps?:\/\/[^\s<>"]+/g;

  const $ = (id) => document.getElementById(id);
  const log = $('log');
  let socket = null;
  let wanted = null;    // what the user asked for: {nick, room, password}; null before the first login
  let backoff = 1000;
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
      backoff = 1000;
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
      if (leaving) {
        setStatus('left');
        return;
      }
      setStatus('disconnected (' + event.code + '); trying again in ' + Math.round(backoff / 1000) + ' s');
      setTimeout(connect, backoff);
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
