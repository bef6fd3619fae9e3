"""A tiny HTTP server on 127.0.0.1 that answers every request with the
fixture named in its `X-Fixture` header (a file of tests/fixtures/), with
the HTTP status the fixture table gives it, bytes as they are on disk.

    python3 .ci/strict/fixture_server.py [PORT]   # 0 or nothing: a free port

It prints `listening on http://127.0.0.1:PORT` once ready and serves until
killed. Used by prism_proxy.sh, with `prism proxy --errors` in front of it.
"""

import sys

# No __pycache__ beside the sources of the repository.
sys.dont_write_bytecode = True
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from cases import FIXTURES, fixture_table  # noqa: E402

TABLE = fixture_table()


class Handler(BaseHTTPRequestHandler):
    def answer(self):
        length = int(self.headers.get("content-length") or 0)
        if length:
            self.rfile.read(length)
        name = self.headers.get("x-fixture", "")
        if name not in TABLE or "/" in name:
            body, status = b'{"code":-1,"message":"unknown X-Fixture","response":null}', 500
        else:
            body, status = (FIXTURES / name).read_bytes(), TABLE[name][1]
        self.send_response(status)
        self.send_header("content-type", "application/json; charset=utf-8")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = answer

    def log_message(self, *args):
        pass


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print(f"listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
