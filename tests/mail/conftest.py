from tests.support.smtp import smtp_server as smtp_server  # shared; re-exported
