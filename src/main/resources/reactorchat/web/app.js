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

  // A private line, received (*nick*) or sent (-> *nick*); the nick is the other side.
  const PRIVATE_PATTERN = /^\d\d:\d\d:\d\d (?:\*(\S+)\*|-> \*(\S+)\*) /;
  const ROOM_PLACEHOLDER = 'say something; /join ROOM, /msg NICK TEXT, /me, /who, /rooms, /help';
  // Private panes kept open at once; a new one beyond this closes the one longest unused, so that
  // many nicks writing once cannot make the page grow without end.
  const MAX_PEERS = 30;

  const $ = (id) => document.getElementById(id);
  // Nicks compared as the server compares them: ignoring case, RFC 1459's way, where {}|^ are
  // the lower case of []\~.
  const key = (nick) => nick.toLowerCase().replace(/[[\]\\~]/g, (c) => ({'[': '{', ']': '}', '\\': '|', '~': '^'})[c]);

  // The panes: the room's lines and notices, and one per private conversation, keyed by the other
  // nick. Each counts the messages that came while it was not in view (or the tab was hidden).
  const roomPane = {peer: null, log: $('log'), tab: $('show-room'), button: $('show-room'), badge: $('unread-room'), unread: 0};
  const peers = new Map(); // key(nick) -> pane
  let current = roomPane;
  let used = 0;         // counts pane uses, to find the one longest unused
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

  function allPanes() {
    return [roomPane, ...peers.values()];
  }

  function countUnread() {
    let total = 0;
    for (const pane of allPanes()) {
      pane.badge.textContent = pane.unread > 0 ? String(pane.unread) : '';
      total += pane.unread;
    }
    document.title = (total > 0 ? '(' + total + ') ' : '') + 'reactor-chat';
  }

  function showPane(pane) {
    current = pane;
    pane.used = ++used;
    for (const each of allPanes()) {
      each.log.hidden = each !== pane;
      each.button.setAttribute('aria-pressed', String(each === pane));
    }
    pane.unread = 0;
    countUnread();
    $('line').placeholder = pane.peer ? 'to ' + pane.peer + '; /close ends the conversation' : ROOM_PLACEHOLDER;
    $('line').focus();
  }

  // The pane of the conversation with {nick}, made (after the others) if there is none.
  function peerPane(nick) {
    let pane = peers.get(key(nick));
    if (pane) return pane;
    if (peers.size >= MAX_PEERS) {
      closePane([...peers.values()].filter((each) => each !== current).reduce((a, b) => (a.used <= b.used ? a : b)));
    }
    const tab = document.createElement('span');
    tab.className = 'tab';
    const button = document.createElement('button');
    button.type = 'button';
    const name = document.createElement('span');
    name.textContent = nick;
    const badge = document.createElement('span');
    badge.className = 'unread';
    button.append(name, badge);
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'close';
    close.textContent = '×';
    close.setAttribute('aria-label', 'close the conversation with ' + nick);
    tab.append(button, close);
    const log = document.createElement('ol');
    log.className = 'log';
    log.setAttribute('aria-live', 'polite');
    log.setAttribute('aria-label', 'private with ' + nick);
    log.hidden = true;
    pane = {peer: nick, name, log, tab, button, badge, unread: 0, used: ++used};
    tab.dataset.peer = nick;
    log.dataset.peer = nick;
    button.addEventListener('click', () => showPane(pane));
    close.addEventListener('click', () => closePane(pane));
    $('panes').append(tab);
    $('side').before(log);
    peers.set(key(nick), pane);
    return pane;
  }

  function closePane(pane) {
    if (!pane.peer) return;
    peers.delete(key(pane.peer));
    pane.tab.remove();
    pane.log.remove();
    if (pane === current) {
      showPane(roomPane);
    } else {
      countUnread();
    }
  }

  // Someone the page talks with changed nick: the conversation goes on under the new one.
  function renamePeer(from, to) {
    const pane = peers.get(key(from));
    if (!pane || (key(to) !== key(from) && peers.has(key(to)))) return;
    peers.delete(key(from));
    peers.set(key(to), pane);
    pane.peer = to;
    pane.name.textContent = to;
    pane.tab.dataset.peer = to;
    pane.log.dataset.peer = to;
    pane.button.nextElementSibling.setAttribute('aria-label', 'close the conversation with ' + to);
    if (pane === current) $('line').placeholder = 'to ' + to + '; /close ends the conversation';
  }

  // Shows a line where it belongs: a private one in its conversation's pane, an error (the answer
  // to what the user just did) in the one in view, the rest in the room's.
  function show(line) {
    const item = document.createElement('li');
    item.className = classify(line);
    const to = PRIVATE_PATTERN.exec(line);
    const into = to ? peerPane(to[1] || to[2]) : item.className === 'error' ? current : roomPane;
    const log = into.log;
    // What the user sent (-> *nick*) is not news to them.
    const news = item.className !== 'notice' && item.className !== 'error' && !(to && to[2]);
    if (news && (into !== current || document.hidden)) {
      into.unread++;
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
      if (wanted && key(nick) === key(wanted.nick)) {
        item.className = 'me';
        item.textContent = nick;
        return item;
      }
      // A button, so that a keyboard reaches it too: it opens the conversation with that member.
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = nick;
      button.title = 'write to ' + nick;
      button.addEventListener('click', () => showPane(peerPane(nick)));
      item.append(button);
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
      renamePeer(m[1], m[2]);
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
    const msg = /^\/msg (\S+) \S/.exec(line);
    if (/^\/close\s*$/.test(line)) {
      closePane(current); // the page's own command: the server never sees it
    } else if (current.peer && (!line.startsWith('/') || line.startsWith('//'))) {
      // As in the room, //text says a line that starts with /: here, to the peer and nobody else.
      send('/msg ' + current.peer + ' ' + (line.startsWith('//') ? line.slice(1) : line));
    } else {
      // A /msg typed anywhere opens its conversation, where the server's answer will show.
      if (msg && (!wanted || key(msg[1]) !== key(wanted.nick))) showPane(peerPane(msg[1]));
      send(line);
    }
    $('line').value = '';
  });

  $('show-room').addEventListener('click', () => showPane(roomPane));
  // Alt+PageDown and Alt+PageUp step through the panes from the keyboard, in the order of their tabs.
  $('line').addEventListener('keydown', (event) => {
    if (!event.altKey || (event.key !== 'PageDown' && event.key !== 'PageUp')) return;
    event.preventDefault();
    const all = allPanes().sort((a, b) => (a.tab.compareDocumentPosition(b.tab) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    const step = event.key === 'PageDown' ? 1 : all.length - 1;
    showPane(all[(all.indexOf(current) + step) % all.length]);
  });
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) {
      current.unread = 0;
      countUnread();
    }
  });
})();
