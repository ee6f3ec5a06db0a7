"""An irctest controller for a server already running, as irctest's external_server, that also runs
the WebSocket tests (server_tests/websocket.py) against the server's web listener.

irctest asks the controller for an address twice in a WebSocket test's setUp: the first is the IRC
listener, the second is where it opens ws://host:port. The external controller has only the one
address and refuses such tests; this one gives IRCTEST_WEBSOCKET_PORT the second time.
"""
import os

from irctest.controllers.external_server import ExternalServerController


class ExternalServerWithWebSocketController(ExternalServerController):
    asked = 0

    def get_hostname_and_port(self):
        hostname, port = super().get_hostname_and_port()
        self.asked += 1
        return (hostname, int(os.environ["IRCTEST_WEBSOCKET_PORT"])) if self.asked > 1 else (hostname, port)

    def run(self, hostname, port, *, password, ssl, run_services, faketime, websocket_hostname, websocket_port):
        pass


def get_irctest_controller_class():
    return ExternalServerWithWebSocketController
