"""An irctest controller for a server already running, as irctest's external_server, that also runs
the tests marked "services".

irctest marks its chathistory tests "services" because Ergo keeps history per account; the external
controller then refuses every such test before it starts (it has no services to wait for), even those
that need no account. Here the wait is skipped: a test that does need an account still skips itself,
since registering one is "not implemented by controller".
"""
from irctest.controllers.external_server import ExternalServerController


class ExternalServerWithoutServicesController(ExternalServerController):
    def wait_for_services(self) -> None:
        pass


def get_irctest_controller_class():
    return ExternalServerWithoutServicesController
