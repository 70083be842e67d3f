"""Plain HTTP to our own servers with the cookies handled by hand.

Production cookies are ``Secure``; on plain http to loopback a browser would drop them, so
the benchmark keeps them itself, as a TLS proxy in front would make possible.
"""

import http.client
import re
import urllib.parse
from http.cookies import SimpleCookie

from .server import require_loopback

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Session:
    def __init__(self, base_url):
        parts = urllib.parse.urlsplit(base_url)
        self.host, self.port = require_loopback(parts.hostname), parts.port
        self.cookies = {}

    def request(self, method, path, fields=None, headers=None):
        """(status, headers, body text); redirects are returned, not followed."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            headers = dict(headers or {})
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            body = None
            if fields is not None:
                body = urllib.parse.urlencode(fields)
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.headers, text
        finally:
            conn.close()

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields, headers=None):
        return self.request("POST", path, fields, headers)


def csrf_input(html):
    match = CSRF_INPUT.search(html)
    return match.group(1) if match else ""
