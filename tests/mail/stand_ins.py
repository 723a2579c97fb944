"""The mail boundaries' stand-ins: an SMTP connection (smtplib is the mocked boundary) and a local HTTP server that
speaks GOV.UK Notify's email API, answering as Notify does, errors included."""

import json
import smtplib
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt

SERVICE_ID = "5b2e3f52-4a4c-4d1e-9b0a-0e9e1c7b8a11"
SECRET = "0f5d8c3a-7e1b-4b8e-a9f2-6c3d2e1f0a9b"
API_KEY = f"dhr_test-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = "f1d2c3b4-a596-4877-8899-aabbccddeeff"


class FakeSMTP:
    """Stands in for the SMTP server connection; counts connections and what was sent."""

    sent: list = []
    connections = 0
    fail_with: list = []  # exceptions to raise, one per send, before succeeding
    lock = threading.Lock()

    def __init__(self, host, port, timeout):
        with FakeSMTP.lock:
            FakeSMTP.connections += 1

    def starttls(self):
        pass

    def login(self, username, password):
        pass

    def send_message(self, message):
        with FakeSMTP.lock:
            if FakeSMTP.fail_with:
                raise FakeSMTP.fail_with.pop(0)
            FakeSMTP.sent.append(message)

    def quit(self):
        pass

    def close(self):
        pass

    @classmethod
    def reset(cls):
        cls.sent, cls.connections, cls.fail_with = [], 0, []


def refused():
    return smtplib.SMTPRecipientsRefused({"x@example.test": (550, b"No such user")})


class NotifyStandIn(ThreadingHTTPServer):
    """POST /v2/notifications/email as Notify answers it: 201 with an id, or the next queued error."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _NotifyHandler)
        self.received: list[dict] = []
        self.errors: list[tuple[int, str, str]] = []  # (status, error name, message)
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()


class _NotifyHandler(BaseHTTPRequestHandler):
    server: NotifyStandIn

    def log_message(self, *args):
        pass

    def _answer(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        token = self.headers.get("Authorization", "").removeprefix("Bearer ")
        try:
            claims = jwt.decode(token, SECRET, algorithms=["HS256"], options={"verify_iat": False})
        except jwt.InvalidTokenError:
            self._answer(403, {"status_code": 403, "errors": [{"error": "AuthError", "message": "Invalid token"}]})
            return
        if self.path != "/v2/notifications/email" or claims.get("iss") != SERVICE_ID:
            self._answer(403, {"status_code": 403, "errors": [{"error": "AuthError", "message": "Bad service"}]})
            return
        if self.server.errors:
            status, name, message = self.server.errors.pop(0)
            self._answer(status, {"status_code": status, "errors": [{"error": name, "message": message}]})
            return
        self.server.received.append(body)
        self._answer(201, {"id": str(uuid.uuid4()), "reference": body.get("reference"), "content": {}})
