"""Headers on static files, which WhiteNoise answers before most middleware runs.

Imported by the settings (WHITENOISE_ADD_HEADERS_FUNCTION), so nothing from Django here.
"""

# A file opened on its own (an SVG, say) runs nothing, loads nothing and cannot be framed.
STATIC_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

STATIC_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": STATIC_CSP,
    # Only our own pages may use our files (nothing from another host needs them).
    "Cross-Origin-Resource-Policy": "same-origin",
    "Referrer-Policy": "same-origin",
}


def add_static_headers(headers, path: str, url: str) -> None:
    """WhiteNoise calls this for every file it serves."""
    for name, value in STATIC_HEADERS.items():
        headers[name] = value
