"""Helpers for writing the synthetic web captures of lifeboat's samples with warcio.

Every record gets a deterministic WARC-Record-ID (a UUID5 of the file and the record's
number) and the WARC-Date it is given, so that the samples are byte-for-byte the same
each time they are made. The HTTP bodies are stored as a server would have sent them:
chunked and compressed when the sample says so.
"""

import gzip
import hashlib
import io
import json
import uuid
import zlib
import zipfile

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

NS = uuid.UUID("6c696665-626f-6174-2d77-617263000000")


def chunked(data, size=700):
    """Transfer-Encoding: chunked, in pieces of `size` bytes."""
    out = b""
    for i in range(0, len(data), size):
        part = data[i : i + size]
        out += b"%x\r\n" % len(part) + part + b"\r\n"
    return out + b"0\r\n\r\n"


def gz(data):
    """gzip with a fixed header (no time, no name), as servers send it."""
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, compresslevel=6) as g:
        g.write(data)
    return buf.getvalue()


def deflate(data, zlib_header=True):
    if zlib_header:
        return zlib.compress(data, 6)
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


class Warc:
    """One WARC file being written."""

    def __init__(self, path, gzip_records=True, version="1.0"):
        self.path = path
        self.f = open(path, "wb")
        self.w = WARCWriter(self.f, gzip=gzip_records, warc_version=version)
        self.n = 0
        self.name = path.split("/")[-1]

    def _id(self):
        self.n += 1
        return "<urn:uuid:%s>" % uuid.uuid5(NS, "%s#%d" % (self.name, self.n))

    def headers(self, date, extra=None):
        h = {"WARC-Record-ID": self._id(), "WARC-Date": date}
        if extra:
            h.update(extra)
        return h

    def warcinfo(self, date, software, extra=None):
        info = {"software": software, "format": "WARC File Format 1.0"}
        if extra:
            info.update(extra)
        rec = self.w.create_warcinfo_record(self.name, info)
        rec.rec_headers.replace_header("WARC-Record-ID", self._id())
        rec.rec_headers.replace_header("WARC-Date", date)
        self.w.write_record(rec)

    def request(self, url, date, concurrent=None):
        path = url.split("/", 3)[3] if url.count("/") >= 3 else ""
        host = url.split("/")[2]
        http = StatusAndHeaders(
            "GET /%s HTTP/1.1" % path,
            [("Host", host), ("User-Agent", "Mozilla/5.0 (lifeboat samples)"), ("Accept", "*/*")],
            is_http_request=True,
        )
        extra = {"WARC-Concurrent-To": concurrent} if concurrent else None
        rec = self.w.create_warc_record(
            url, "request", http_headers=http, warc_headers_dict=self.headers(date, extra)
        )
        self.w.write_record(rec)

    def response(self, url, date, body, ctype="text/html", status="200 OK",
                 headers=(), encoding=None, chunk=False, with_request=True):
        """A response record. `encoding` is `gzip`, `deflate`, `deflate-raw` or `br`
        (the body is then given already brotli-compressed); `chunk` sends it chunked."""
        sent = body
        hs = [("Content-Type", ctype), ("Server", "Apache")]
        if encoding == "gzip":
            sent = gz(body)
            hs.append(("Content-Encoding", "gzip"))
        elif encoding == "deflate":
            sent = deflate(body)
            hs.append(("Content-Encoding", "deflate"))
        elif encoding == "deflate-raw":
            sent = deflate(body, zlib_header=False)
            hs.append(("Content-Encoding", "deflate"))
        elif encoding == "br":
            hs.append(("Content-Encoding", "br"))
        if chunk:
            sent = chunked(sent)
            hs.append(("Transfer-Encoding", "chunked"))
        else:
            hs.append(("Content-Length", str(len(sent))))
        hs.extend(headers)
        http = StatusAndHeaders(status, hs, protocol="HTTP/1.1")
        h = self.headers(date, {"WARC-IP-Address": "63.135.80.46"})
        rid = h["WARC-Record-ID"]
        rec = self.w.create_warc_record(url, "response", payload=io.BytesIO(sent),
                                        length=len(sent), http_headers=http,
                                        warc_headers_dict=h)
        self.w.write_record(rec)
        if with_request:
            self.request(url, date, concurrent=rid)
        return rec.rec_headers.get_header("WARC-Payload-Digest")

    def revisit(self, url, date, digest, refers_date, ctype="image/jpeg"):
        http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        rec = self.w.create_revisit_record(url, digest, url, refers_date, http_headers=http,
                                           warc_headers_dict=self.headers(date))
        self.w.write_record(rec)

    def resource(self, url, date, body, ctype):
        rec = self.w.create_warc_record(url, "resource", payload=io.BytesIO(body),
                                        length=len(body), warc_content_type=ctype,
                                        warc_headers_dict=self.headers(date))
        self.w.write_record(rec)

    def metadata(self, url, date, text):
        body = text.encode()
        rec = self.w.create_warc_record(url, "metadata", payload=io.BytesIO(body),
                                        length=len(body),
                                        warc_content_type="application/warc-fields",
                                        warc_headers_dict=self.headers(date))
        self.w.write_record(rec)

    def close(self):
        self.f.close()


# a 1x1 GIF, a tiny PNG and a tiny JPEG (valid headers, distinct bytes per `seed`)
def gif(seed=0):
    return (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00"
            b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;" + bytes([seed]))


def png(seed=0):
    return (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
            b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d"
            b"\x00\x00\x00\x00IEND\xaeB`\x82" + bytes([seed]))


def jpeg(seed=0):
    return (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
            + bytes([seed]) * 16 + b"\xff\xd9")


def sha256(b):
    return hashlib.sha256(b).hexdigest()


def wacz(path, members, datapackage_extra, pages):
    """A WACZ: `members` maps paths to bytes (the WARCs, indexes); pages.jsonl and
    datapackage.json (with sha256 of every resource) and its digest are added."""
    pages_jsonl = json.dumps({"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}) + "\n"
    for p in pages:
        pages_jsonl += json.dumps(p, sort_keys=True) + "\n"
    members = dict(members)
    members["pages/pages.jsonl"] = pages_jsonl.encode()
    resources = []
    for name in sorted(members):
        data = members[name]
        resources.append({
            "name": name.split("/")[-1],
            "path": name,
            "hash": "sha256:" + sha256(data),
            "bytes": len(data),
        })
    dp = {"profile": "data-package", "resources": resources, "wacz_version": "1.1.1"}
    dp.update(datapackage_extra)
    dp_bytes = json.dumps(dp, indent=2, sort_keys=True).encode()
    digest = {"path": "datapackage.json", "hash": "sha256:" + sha256(dp_bytes)}
    with zipfile.ZipFile(path, "w") as z:
        def add(name, data, method):
            zi = zipfile.ZipInfo(name, date_time=(2023, 5, 10, 12, 0, 0))
            zi.compress_type = method
            z.writestr(zi, data)
        for name in sorted(members):
            # WARCs are stored (they are gzipped already), the rest deflated
            add(name, members[name], zipfile.ZIP_STORED if name.endswith(".gz") else zipfile.ZIP_DEFLATED)
        add("datapackage.json", dp_bytes, zipfile.ZIP_DEFLATED)
        add("datapackage-digest.json", json.dumps(digest, sort_keys=True).encode(), zipfile.ZIP_DEFLATED)
