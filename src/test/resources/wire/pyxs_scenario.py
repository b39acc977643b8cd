"""pyxs (python3-pyxs) against XENSTORED_PATH: read/write/ls/rm, permissions, a transaction,
a watch with its initial event. Exits non-zero with a message on the first mismatch."""
import sys
from pyxs import Client, PyXSError

def check(what, got, want):
    if got != want:
        print("FAIL %s: got %r, want %r" % (what, got, want))
        sys.exit(1)

with Client() as c:
    base = b"/pyxs"
    c.delete(base)
    c.write(base + b"/a", b"1")
    c.write(base + b"/b", b"two")
    check("read", c.read(base + b"/a"), b"1")
    check("ls", sorted(c.list(base)), [b"a", b"b"])
    check("exists", c.exists(base + b"/a"), True)
    c.mkdir(base + b"/dir")
    check("mkdir", c.read(base + b"/dir"), b"")
    c.delete(base + b"/b")
    check("rm", c.exists(base + b"/b"), False)
    try:
        c.read(base + b"/b")
        check("read missing", "no error", "ENOENT")
    except PyXSError as e:
        check("read missing errno", e.args[0], 2)
    c.set_perms(base + b"/a", [b"n0", b"r5"])
    check("perms", c.get_perms(base + b"/a"), [b"n0", b"r5"])
    check("domain path", c.get_domain_path(3), b"/local/domain/3")
    check("dom0 introduced", c.is_domain_introduced(0), True)
    check("999 introduced", c.is_domain_introduced(999), False)

    with Client() as t:
        t.transaction()
        t.write(base + b"/tx", b"inside")
        check("read own write in tx", t.read(base + b"/tx"), b"inside")
        check("invisible outside before commit", c.exists(base + b"/tx"), False)
        check("commit", t.commit(), True)
        check("committed", c.read(base + b"/tx"), b"inside")
        t.transaction()
        t.write(base + b"/tx", b"aborted")
        t.rollback()
        check("rolled back", c.read(base + b"/tx"), b"inside")
        t.transaction()
        t.read(base + b"/tx")
        c.write(base + b"/tx", b"outside")
        t.write(base + b"/tx", b"late")
        check("conflicting commit fails with EAGAIN", t.commit(), False)
        check("outside write kept", c.read(base + b"/tx"), b"outside")

    m = c.monitor()
    m.watch(base + b"/w", b"tok")
    events = m.wait()
    check("initial event", next(events), (base + b"/w", b"tok"))
    with Client() as other:
        other.write(base + b"/w/x", b"1")
    check("change event", next(events), (base + b"/w/x", b"tok"))
    m.unwatch(base + b"/w", b"tok")
print("OK")
