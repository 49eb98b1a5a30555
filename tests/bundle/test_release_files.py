"""Release files over the host's size limit are split; the checksums let a user verify both
the parts and the joined file."""

import hashlib

from builder import release


def test_a_big_file_is_split_and_the_parts_join_to_the_original(tmp_path):
    payload = bytes(range(256)) * 1000  # 256,000 bytes
    big = tmp_path / "app.deb"
    big.write_bytes(payload)
    small = tmp_path / "app.tar.zst"
    small.write_bytes(b"small")
    sums = release.finish(tmp_path, [big, small], limit=100_000, part_size=100_000)

    parts = sorted(tmp_path.glob("app.deb.part-*"))
    assert [p.name for p in parts] == ["app.deb.part-000", "app.deb.part-001", "app.deb.part-002"]
    assert not big.exists() and small.exists()
    assert b"".join(p.read_bytes() for p in parts) == payload
    listed = dict(line.split("  ")[::-1] for line in sums.read_text().splitlines())
    assert listed["app.deb"] == hashlib.sha256(payload).hexdigest()
    assert listed["app.tar.zst"] == hashlib.sha256(b"small").hexdigest()
    for part in parts:
        assert listed[part.name] == hashlib.sha256(part.read_bytes()).hexdigest()
    note = (tmp_path / "app.deb.JOIN.txt").read_text()
    assert "cat app.deb.part-* > app.deb" in note
    assert "copy /b app.deb.part-000+app.deb.part-001+app.deb.part-002 app.deb" in note


def test_a_file_exactly_one_part_long_makes_one_part(tmp_path):
    path = tmp_path / "x.bin"
    path.write_bytes(b"a" * 10)
    assert [p.name for p in release.split(path, part_size=10)] == ["x.bin.part-000"]
