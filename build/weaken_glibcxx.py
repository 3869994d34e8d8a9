#!/usr/bin/env python3
"""Let TorchSharp's native library load on a libstdc++ older than the one it was built against.

libLibTorchSharp.so asks for GLIBCXX_3.4.32 (GCC 13) only for std::ios_base_library_init, which it
never calls. Debian 12 ships GLIBCXX_3.4.30, so the loader refuses the library. Marking that
version requirement weak (VER_FLG_WEAK on its Vernaux entry) lets it load. The patch is
idempotent and does nothing when the system libstdc++ already provides the version.
usage: weaken_glibcxx.py [--always | --check] LIBRARY [VERSION]
  --always  weaken even where this machine's libstdc++ has VERSION: for files that will run on
            other machines (a published app, the aae tool package)
  --check   change nothing; exit 1 unless the requirement is weak (or absent)
"""
import glob
import struct
import sys

VER_FLG_WEAK = 0x2
SHT_GNU_VERNEED = 0x6FFFFFFE


def system_has(version):
    for lib in glob.glob("/usr/lib/*/libstdc++.so.6") + glob.glob("/usr/lib64/libstdc++.so.6"):
        with open(lib, "rb") as f:
            if version.encode() + b"\0" in f.read():
                return True
    return False


def weaken(path, version, write=True):
    with open(path, "r+b" if write else "rb") as f:
        data = bytearray(f.read())
        if data[:4] != b"\x7fELF" or data[4] != 2:
            sys.exit(f"{path}: not a 64-bit ELF file")
        shoff, = struct.unpack_from("<Q", data, 0x28)
        shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
        sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
        changed = found = False
        for (_, sh_type, _, _, offset, _, link, info, _, _) in sections:
            if sh_type != SHT_GNU_VERNEED:
                continue
            strtab = sections[link][4]
            entry = offset
            for _ in range(info):
                _, _, _, aux_off, next_off = struct.unpack_from("<HHIII", data, entry)
                aux = entry + aux_off
                while True:
                    _, flags, _, name, aux_next = struct.unpack_from("<IHHII", data, aux)
                    start = strtab + name
                    label = data[start:data.index(0, start)].decode()
                    if label == version:
                        found = True
                        if not flags & VER_FLG_WEAK:
                            if not write:
                                return found, True
                            struct.pack_into("<H", data, aux + 4, flags | VER_FLG_WEAK)
                            changed = True
                    if aux_next == 0:
                        break
                    aux += aux_next
                if next_off == 0:
                    break
                entry += next_off
        if changed:
            f.seek(0)
            f.write(data)
        return found, changed


if __name__ == "__main__":
    flags = [a for a in sys.argv[1:] if a.startswith("--")]
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    library = args[0]
    version = args[1] if len(args) > 1 else "GLIBCXX_3.4.32"
    if "--check" in flags:
        _, strong = weaken(library, version, write=False)
        print(f"weaken_glibcxx: {library}: {version} is {'NOT weak' if strong else 'weak or not required'}")
        sys.exit(1 if strong else 0)
    if "--always" not in flags and system_has(version):
        sys.exit(0)
    found, changed = weaken(library, version)
    if changed:
        print(f"weaken_glibcxx: marked {version} weak in {library}")
