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
  // server that takes the socket and closes it at once, without a 1008, is not retried every second.
  const STABLE_MS = 30000;
  // Close codes that say trying again would end the same way: the client broke the protocol (1002),
  // sent what is not UTF-8 (1007) or too big (1009), or the server refuses it (1008).
  const FINAL_CLOSES = {1002: 'protocol error', 1007: 'invalid data', 1008: 'refused by the server', 1009: 'message too big'};
  const URL_PATTERN = /\bhttps?:\/\/[^\s<>"]+/g;

  const PRIVATE_PATTERN = /^\d\d:\d\d:\d\d (?:\*(\S+)\*|-> \*(\S+)\*) /;
  const ROOM_PLACEHOLDER = 'say something; /join ROOM, /msg NICK TEXT, /me, /who, /rooms, /help';

  const $ = (id) => document.getElementById(id);
  // Two panes: the room's lines and notices, and private messages both ways. Each counts the
  // messages that came while it was not in view (or the tab was hidden).
  const panes = {
    room: {log: $('log'), button: $('show-room'), badge: $('unread-room'), unread: 0},
    private: {log: $('private'), button: $('show-private'), badge: $('unread-private'), unread: 0},
  };
  let current = 'room';
  let partner = null;   // whom a plain line typed in the private pane goes to: the last one written with
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
    if (PRIVATE_PATTERN.test(line)) return 'private';
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

  function countUnread() {
    let total = 0;
    for (const pane of Object.values(panes)) {
      pane.badge.textContent = pane.unread > 0 ? String(pane.unread) : '';
      total += pane.unread;
    }
    document.title = (total > 0 ? '(' + total + ') ' : '') + 'reactor-chat';
  }

  function showPane(name) {
    current = name;
    for (const [each, pane] of Object.entries(panes)) {
      pane.log.hidden = each !== name;
      pane.button.setAttribute('aria-pressed', String(each === name));
    }
    panes[name].unread = 0;
    countUnread();
    $('line').placeholder = name === 'private'
      ? (partner ? 'to ' + partner + ': text, or /msg NICK TEXT' : '/msg NICK TEXT') : ROOM_PLACEHOLDER;
    $('line').focus();
  }

  // Shows a line in the pane named {into}, or where it belongs: private messages in theirs, errors
  // (the answer to what the user just did) in the one in view, the rest in the room's.
  function show(line, into) {
    const item = document.createElement('li');
    item.className = classify(line);
    const to = PRIVATE_PATTERN.exec(line);
    if (to) {
      partner = to[1] || to[2];
      if (current === 'private') $('line').placeholder = 'to ' + partner + ': text, or /msg NICK TEXT';
    }
    const name = into || (to ? 'private' : item.className === 'error' ? current : 'room');
    const log = panes[name].log;
    if (item.className !== 'notice' && item.className !== 'error' && (name !== current || document.hidden)) {
      panes[name].unread++;
      countUnread();
    }
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

  // The room the user is in, as the lines the server sends tell it: on every arrival the page asks
  // /who and reads its answer, then follows joins, parts, quits, nick changes, kicks and topics.
  // Only notices ("* ...") are read; what users say always starts with a time stamp.
  const here = {room: null, members: new Map(), quiet: 0, topic: ''};
  let whoAsked = 0;     // /who answers the page asked for, not shown in the log
  let whoAnswer = null; // while the lines of a /who answer for this room come: {hidden}
  const key = (nick) => nick.toLowerCase();

  function sameRoom(name) {
    return here.room !== null && key(name.replace(/^#/, '')) === key(here.room);
  }

  function enterRoom(name) {
    here.room = name;
    here.members.clear();
    here.quiet = 0;
    here.topic = '';
    whoAsked++;
    send('/who');
    renderRoom();
  }

  function leaveRoom() {
    here.room = null;
    here.members.clear();
    here.quiet = 0;
    here.topic = '';
    renderRoom();
  }

  function addMembers(list) {
    for (const nick of list.split(', ')) {
      if (nick) here.members.set(key(nick), nick);
    }
  }

  function renderRoom() {
    $('room-name').textContent = here.room === null ? 'no room'
      : here.room + ' (' + (here.members.size + here.quiet) + ')';
    $('topic').replaceChildren();
    appendText($('topic'), here.topic);
    const items = [...here.members.values()].sort((a, b) => key(a).localeCompare(key(b))).map((nick) => {
      const item = document.createElement('li');
      item.textContent = nick;
      if (wanted && key(nick) === key(wanted.nick)) item.className = 'me';
      return item;
    });
    if (here.quiet > 0) {
      const item = document.createElement('li');
      item.className = 'quiet';
      item.textContent = 'and ' + here.quiet + ' quiet';
      items.push(item);
    }
    $('members').replaceChildren(...items);
  }

  // Follows the room in one line from the server; true if the line is the page's own business
  // (the answer to a /who it asked) and is not shown.
  function follow(line) {
    let m;
    if (whoAnswer) {
      if ((m = /^\*   and (\d+) who came in quietly/.exec(line))) {
        here.quiet = Number(m[1]);
        renderRoom();
        return whoAnswer.hidden;
      }
      if ((m = /^\*   (\S.*)$/.exec(line))) {
        addMembers(m[1]);
        renderRoom();
        return whoAnswer.hidden;
      }
      whoAnswer = null;
    }
    if ((m = /^\* welcome to reactor-chat, you are \S+ in (\S+) \(/.exec(line))
        || (m = /^\* you are now in (\S+) \(/.exec(line))) {
      enterRoom(m[1]);
    } else if ((m = /^\* \d+ users? in (\S+): (.*)$/.exec(line)) && sameRoom(m[1])) {
      const hidden = whoAsked > 0;
      if (hidden) whoAsked--;
      here.members.clear();
      here.quiet = 0;
      addMembers(m[2]);
      whoAnswer = {hidden};
      renderRoom();
      return hidden;
    } else if (/^! no such room: /.test(line) && whoAsked > 0) {
      whoAsked--;
    } else if ((m = /^\* (\S+) joined$/.exec(line))) {
      here.members.set(key(m[1]), m[1]);
    } else if ((m = /^\* (\S+) (?:left|quit)(?: \(.*\))?$/.exec(line))) {
      here.members.delete(key(m[1]));
    } else if ((m = /^\* (\S+) is now known as (\S+)$/.exec(line))) {
      here.members.delete(key(m[1]));
      here.members.set(key(m[2]), m[2]);
    } else if ((m = /^\* you are now known as (\S+)$/.exec(line))) {
      here.members.delete(key(wanted.nick));
      here.members.set(key(m[1]), m[1]);
    } else if ((m = /^\* (\S+) was put out of (\S+) by \S+(?: \(.*\))?$/.exec(line)) && sameRoom(m[2])) {
      if (key(m[1]) === key(wanted.nick)) {
        leaveRoom();
      } else {
        here.members.delete(key(m[1]));
      }
    } else if ((m = /^\* topic of (\S+): (.*)$/.exec(line)) && sameRoom(m[1])) {
      here.topic = m[2];
    } else if ((m = /^\* \S+ set the topic of (\S+): (.*)$/.exec(line)) && sameRoom(m[1])) {
      here.topic = m[2];
    } else if ((m = /^\* \S+ cleared the topic of (\S+)$/.exec(line)) && sameRoom(m[1])) {
      here.topic = '';
    } else {
      return false;
    }
    renderRoom();
    return false;
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
      if (!follow(event.data)) show(event.data);
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
      whoAsked = 0;
      whoAnswer = null;
      leaveRoom(); // the room is read again on the next welcome
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
    if (current === 'private' && !line.startsWith('/')) {
      if (!partner) {
        show('! nobody to answer yet: /msg NICK TEXT', 'private');
        return;
      }
      send('/msg ' + partner + ' ' + line);
    } else {
      send(line);
    }
    $('line').value = '';
  });

  $('show-room').addEventListener('click', () => showPane('room'));
  $('show-private').addEventListener('click', () => showPane('private'));
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) {
      panes[current].unread = 0;
      countUnread();
    }
  });
})();
