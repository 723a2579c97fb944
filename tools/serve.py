"""`make run`'s last step: load the demo, start the development server, and print its address once it answers."""

import argparse
import contextlib
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

FLASK = [sys.executable, "-m", "flask", "--app", "wsgi"]
# Starting the app takes a few seconds; a minute means something is wrong rather than slow.
WAIT_SECONDS = 60.0
# A proxy set for the newcomer's browser must not be asked for the server on this machine.
LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def flask_output(*args: str) -> str:
    """Run a flask command and return what it printed; if it fails, show everything it said and stop."""
    done = subprocess.run([*FLASK, *args], capture_output=True, text=True, check=False)
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(done.returncode)
    return done.stdout


def health_status(url: str) -> int | None:
    """The HTTP status the health check answers with, or None while nothing answers."""
    try:
        with LOCAL.open(url, timeout=2) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def wait_until_healthy(server: subprocess.Popen[bytes], url: str) -> None:
    """Poll the health check until it answers 200; stop with a reason if the server exits or never does."""
    deadline = time.monotonic() + WAIT_SECONDS
    status = None
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"The server stopped (exit code {server.returncode}) before it answered; see above.")
        status = health_status(url)
        if status == 200:
            return
        time.sleep(0.25)
    said = f"it answered HTTP {status}" if status else "nothing answered"
    raise SystemExit(f"The server did not answer {url} within {WAIT_SECONDS:.0f} seconds ({said}).")


def main() -> int:
    """Seed, serve, and wait on the server until Ctrl+C."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="5000")
    args = parser.parse_args()
    address = f"http://{args.host}:{args.port}"

    # Their output waits until the server answers, so the sign-ins and the address come last, together.
    told = flask_output("dhr", "seed-demo") + flask_output("dhr", "jobs-status")
    # A plain `kill` of this helper would otherwise leave the server running without it.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    server = subprocess.Popen([*FLASK, "run", "--host", args.host, "--port", args.port])
    try:
        wait_until_healthy(server, f"{address}/health")
        print(f"\n{told}\nDHR Case Manager is running at {address}  (Ctrl+C to stop)", flush=True)
        return server.wait()
    except KeyboardInterrupt:
        # Ctrl+C in the terminal reaches the server too: it gets a moment to stop on its own before being told to.
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(timeout=3)
        return 128 + signal.SIGINT
    finally:
        stop(server)


def stop(server: subprocess.Popen[bytes]) -> None:
    """Stop the server if it still runs, and for good if that takes over ten seconds."""
    if server.poll() is None:
        # Not SIGINT: a server started in the background by a script ignores it.
        server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl+C while the demo loads: its command stops too, and there is nothing to say
        sys.exit(128 + signal.SIGINT)
