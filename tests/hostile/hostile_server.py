#!/usr/bin/env python3
"""A hostile portal for proofup's tests: every page here tries to crash proofup,
make it read local files, run code from a saved screen, or exhaust its time or
memory. Listens on 127.0.0.1 on a free port and prints "port N" on stdout once
it accepts connections. Standard library only. Exits when stdin closes, so it
never outlives the test that started it."""
import http.server
import socketserver
import sys
import threading
import time

HUGE = 200 * 1024 * 1024


def page(body, title="hostile"):
    return ("<!DOCTYPE html><html><head><title>%s</title></head><body>%s</body></html>"
            % (title, body)).encode()


def deep(depth):
    return page("<h1>Diep</h1>" + "<div>" * depth + "<p>onderaan</p>" + "</div>" * depth)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_page(self, body, status=200, headers=()):
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def stream(self, content_type, first, filler):
        """Streams HUGE bytes (chunked) until the client gives up."""
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = filler * (64 * 1024 // len(filler))
        try:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(first), first))
            sent = 0
            while sent < HUGE:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += len(chunk)
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True

    def do_GET(self):
        p = self.path
        if p == "/":
            self.send_page(page("<h1>Hostile</h1>"))
        elif p == "/deep":
            self.send_page(deep(200000))
        elif p == "/digits":
            self.send_page(page("<h1>Cijfers</h1><p>" + "7" * 100000 + "</p>"))
        elif p == "/secret-key":
            self.send_page(page("<h1>Sleutel</h1><p>Secret key: " + "ABCD " * 20000 + "</p>"))
        elif p == "/to-file":
            self.redirect("file:///etc/passwd")
        elif p == "/to-gopher":
            self.redirect("gopher://127.0.0.1:70/1")
        elif p == "/file-refs":
            self.send_page(page('<h1>Bestanden</h1><img alt="qr" src="file:///etc/passwd">'
                                '<link rel="stylesheet" href="file:///etc/passwd">'))
        elif p == "/active":
            self.send_page(page('<h1>Welkom <img src=x onerror=alert(1)></h1>'
                                '<a href="javascript:alert(2)">Verder</a>'
                                '<iframe src="https://example.invalid/"></iframe>'))
        elif p == "/huge":
            self.stream("text/html", b"<h1>Groot</h1>", b"<p>xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx</p>")
        elif p == "/huge-css":
            self.send_page(page('<link rel="stylesheet" href="/huge.css"><h1>Stijl</h1>'))
        elif p == "/huge.css":
            self.stream("text/css", b"body{}", b"p{color:red}")
        elif p.startswith("/slow/"):
            hop = int(p[len("/slow/"):])
            time.sleep(2.5)
            self.redirect("/slow/%d" % (hop + 1))
        elif p == "/loop":
            self.redirect("/loop")
        elif p == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                for _ in range(100000):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.5)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif p == "/bomb":
            self.send_page(page('<h1>Bom</h1><img alt="QR" src="/bomb.png">'
                                '<img alt="kapot" src="/corrupt.png">'))
        elif p == "/bomb.png":
            # A PNG header claiming 100000 x 100000 pixels, no real data.
            ihdr = b"IHDR" + (100000).to_bytes(4, "big") * 2 + b"\x08\x06\x00\x00\x00"
            body = b"\x89PNG\r\n\x1a\n" + (13).to_bytes(4, "big") + ihdr + b"\0\0\0\0"
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif p == "/corrupt.png":
            body = b"\x89PNG\r\n\x1a\nthis is not a png at all"
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif p == "/cookies":
            cookies = [("Set-Cookie", "c%d=%s; Path=/" % (i, "v" * 100)) for i in range(1500)]
            self.send_page(page("<h1>Koekjes</h1>"), headers=cookies)
        elif p == "/utf8":
            body = b"<html><head><title>\xff\xfe bad</title></head><body><h1>Kapot \xc3\x28 \xed\xa0\x80 \xf8\x88\x80\x80\x80</h1><p>\x00\x01\x1b tekst</p></body></html>"
            self.send_page(body)
        else:
            self.send_page(page("<h1>Niet gevonden</h1>"), status=404)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    server = Server(("127.0.0.1", 0), Handler)
    print("port %d" % server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()  # the test closes stdin (or dies): stop


if __name__ == "__main__":
    main()
