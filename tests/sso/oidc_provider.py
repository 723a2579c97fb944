"""A real OpenID Connect provider on a localhost port, standing in for Microsoft Entra ID at the boundary.

It serves discovery and its public keys, signs in whoever the test names at its authorization endpoint, and at
its token endpoint checks the client's secret, the redirect address, that the code is used once and the PKCE
verifier (S256), then signs an RS256 ID token. A test can bend the next token (`tamper`) to play a provider
that answers wrongly. (oidc-provider-mock does not check PKCE and cannot mint those tokens, so it would leave
half the cases untested.)
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from urllib.parse import urlencode

from joserfc import jwt
from joserfc.jwk import RSAKey
from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

CLIENT_ID = "dhr-case-manager"
CLIENT_SECRET = "provider-issued-secret-for-tests"


class _Quiet(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:
        pass


def _json(data: dict, status: int = 200) -> Response:
    return Response(json.dumps(data), status=status, mimetype="application/json")


class OidcProvider:
    """Start with `with OidcProvider() as provider:`; provider.issuer is its address."""

    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "signing-1", "use": "sig", "alg": "RS256"})
        self.other_key = RSAKey.generate_key(2048, parameters={"kid": "signing-1", "use": "sig", "alg": "RS256"})
        self.person: dict = {}
        self.tamper: dict = {}
        self.sign_with_other_key = False
        self.token_lifetime = 300
        self.now = lambda: int(time.time())
        self.codes: dict[str, dict] = {}
        self.pkce_checked = 0
        self.issuer = ""

    def __enter__(self) -> "OidcProvider":
        self._server = make_server("127.0.0.1", 0, self._app, threaded=True, request_handler=_Quiet)
        self.issuer = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()

    def sign_in_as(self, subject: str, **claims) -> None:
        """Who signs in at the authorization endpoint next: their subject and claims (email, name, amr ...)."""
        self.person = {"sub": subject, **claims}

    @Request.application
    def _app(self, request: Request) -> Response:
        routes = {
            "/.well-known/openid-configuration": self._discovery,
            "/jwks": self._jwks,
            "/authorize": self._authorize,
            "/token": self._token,
        }
        handler = routes.get(request.path)
        return handler(request) if handler else Response("not found", status=404)

    def _discovery(self, request: Request) -> Response:
        return _json(
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
            }
        )

    def _jwks(self, request: Request) -> Response:
        return _json({"keys": [self.key.as_dict(private=False)]})

    def _authorize(self, request: Request) -> Response:
        args = request.args
        redirect_uri = args.get("redirect_uri", "")
        ok = (
            args.get("client_id") == CLIENT_ID
            and args.get("response_type") == "code"
            and "openid" in args.get("scope", "").split()
            and args.get("code_challenge_method") == "S256"
            and args.get("code_challenge")
        )
        if not ok:
            return Response(urlencode({"error": "invalid_request"}), status=400)
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "redirect_uri": redirect_uri,
            "nonce": args.get("nonce"),
            "challenge": args["code_challenge"],
            "person": dict(self.person),
        }
        query = urlencode({"code": code, "state": args.get("state", "")})
        return Response(status=302, headers={"Location": f"{redirect_uri}?{query}"})

    def _client_ok(self, request: Request) -> bool:
        auth = request.authorization
        if auth is not None and auth.type == "basic":
            return auth.username == CLIENT_ID and auth.password == CLIENT_SECRET
        return request.form.get("client_id") == CLIENT_ID and request.form.get("client_secret") == CLIENT_SECRET

    def _token(self, request: Request) -> Response:
        form = request.form
        grant = self.codes.pop(form.get("code", ""), None)  # a code works once
        if not self._client_ok(request):
            return _json({"error": "invalid_client"}, 401)
        if grant is None or form.get("grant_type") != "authorization_code":
            return _json({"error": "invalid_grant"}, 400)
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return _json({"error": "invalid_grant", "error_description": "redirect_uri"}, 400)
        verifier = form.get("code_verifier", "")
        digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if not verifier or digest != grant["challenge"]:
            return _json({"error": "invalid_grant", "error_description": "PKCE verifier"}, 400)
        self.pkce_checked += 1
        now = self.now()
        claims = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + self.token_lifetime,
            "nonce": grant["nonce"],
            **grant["person"],
            **self.tamper,
        }
        key = self.other_key if self.sign_with_other_key else self.key
        id_token = jwt.encode({"alg": "RS256", "kid": "signing-1"}, claims, key)
        return _json(
            {"access_token": secrets.token_urlsafe(16), "token_type": "Bearer", "expires_in": 300, "id_token": id_token}
        )
