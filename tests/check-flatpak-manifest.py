#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks a Flatpak manifest (JSON) against Spark's packaging rules.

A manifest can build and run while quietly going wrong: an unpinned git
branch makes builds unreproducible, an archive without a checksum can be
swapped, and one broad finish-arg (home, host, the Flatpak portal, the
session bus) undoes the sandbox. This prints every such violation, one per
line, and exits 1 when there is any.

Usage:
  check-flatpak-manifest.py [--app-id ID] [--command CMD] MANIFEST
  check-flatpak-manifest.py --expect TEXT MANIFEST
      exit 0 only if MANIFEST has violations and every one of them contains
      TEXT: proves a known-bad manifest is rejected, and for the intended
      reason rather than for some other mistake in it.
"""

import argparse
import json
import os
import re
import sys

RUNTIME = "org.gnome.Platform"
SDK = "org.gnome.Sdk"
MIN_RUNTIME_VERSION = 47

# The whole sandbox Spark needs: a display (Wayland, or X11 only where there
# is no Wayland), GL, the network for model services and the sound server for
# the microphone. Files come through portals, which need no finish-arg.
ALLOWED_FINISH_ARGS = {
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
    "--share=network",
    "--socket=pulseaudio",
}

# Finish-args that are never acceptable, with the reason printed for each.
FORBIDDEN_FINISH_ARGS = [
    (re.compile(r"^--filesystem=(home|~)(:|$)"),
     "gives access to the whole home directory; use the file chooser portal"),
    (re.compile(r"^--filesystem=host"),
     "gives access to the host file system; use the file chooser portal"),
    (re.compile(r"^--device=all$"),
     "gives access to every device; --device=dri is enough for GL"),
    (re.compile(r"^--talk-name=org\.freedesktop\.Flatpak$"),
     "lets the app run commands outside the sandbox"),
    (re.compile(r"^--socket=(session-bus|system-bus)$"),
     "gives unfiltered D-Bus access"),
]

HEX40 = re.compile(r"^[0-9a-fA-F]{40}$")
HEX64 = re.compile(r"^[0-9a-fA-F]{64}$")
# Source types that only carry content written in the manifest itself.
INLINE_TYPES = {"script", "shell", "inline"}


class Checker:
    def __init__(self, path, app_id, command):
        self.path = path
        self.base = os.path.dirname(os.path.abspath(path))
        self.app_id = app_id
        self.command = command
        self.violations = []

    def fail(self, message):
        self.violations.append(message)

    def load_json(self, path, what):
        try:
            with open(path, encoding="utf-8") as f:
                return json.load(f)
        except OSError as e:
            self.fail(f"{what}: cannot read {path}: {e.strerror}")
        except ValueError as e:
            self.fail(f"{what}: {path} is not valid JSON: {e}")
        return None

    def check(self):
        manifest = self.load_json(self.path, "manifest")
        if manifest is None:
            return
        if not isinstance(manifest, dict):
            self.fail("manifest: the top level is not a JSON object")
            return
        self.check_header(manifest)
        self.check_finish_args(manifest.get("finish-args", []))
        self.check_build_options(manifest.get("build-options"), "manifest")

        modules = manifest.get("modules")
        if not isinstance(modules, list) or not modules:
            self.fail("modules: the manifest builds no module")
            return
        # By convention the app itself is the last top-level module; it is
        # the only one allowed to build from the local tree.
        for i, module in enumerate(modules):
            self.check_module(module, self.base, own=(i == len(modules) - 1))

    def check_header(self, manifest):
        app_id = manifest.get("app-id", manifest.get("id"))
        if app_id != self.app_id:
            self.fail(f"app-id: is {app_id!r}, expected {self.app_id!r}")
        if manifest.get("command") != self.command:
            self.fail(f"command: is {manifest.get('command')!r}, "
                      f"expected {self.command!r}")
        if manifest.get("runtime") != RUNTIME:
            self.fail(f"runtime: is {manifest.get('runtime')!r}, "
                      f"expected {RUNTIME!r}")
        if manifest.get("sdk") != SDK:
            self.fail(f"sdk: is {manifest.get('sdk')!r}, expected {SDK!r}")
        version = str(manifest.get("runtime-version", ""))
        match = re.match(r"^(\d+)(\.\d+)?$", version)
        if not match or int(match.group(1)) < MIN_RUNTIME_VERSION:
            self.fail(f"runtime-version: is {version!r}, expected a released "
                      f"GNOME version >= {MIN_RUNTIME_VERSION}")

    def check_finish_args(self, args):
        if not isinstance(args, list):
            self.fail("finish-args: is not a list")
            return
        for arg in args:
            arg = str(arg)
            for pattern, reason in FORBIDDEN_FINISH_ARGS:
                if pattern.search(arg):
                    self.fail(f"finish-args: {arg} is forbidden: {reason}")
                    break
            else:
                if arg not in ALLOWED_FINISH_ARGS:
                    allowed = " ".join(sorted(ALLOWED_FINISH_ARGS))
                    self.fail(f"finish-args: {arg} is not in the allowed "
                              f"set ({allowed})")

    def check_build_options(self, options, where):
        if not isinstance(options, dict):
            return
        if "--share=network" in options.get("build-args", []):
            self.fail(f"{where}: build-args has --share=network: builds must "
                      "not download anything; add the files as sources")

    def check_module(self, module, base, own):
        if isinstance(module, str):
            # A module kept in its own file, relative to the manifest.
            path = os.path.join(base, module)
            if not module.endswith(".json"):
                self.fail(f"module {module}: only JSON module files can be "
                          "checked")
                return
            module = self.load_json(path, f"module {module}")
            if module is None:
                return
            base = os.path.dirname(path)
        if not isinstance(module, dict):
            self.fail("modules: an entry is neither an object nor a file name")
            return

        name = module.get("name", "<unnamed>")
        self.check_build_options(module.get("build-options"), f"module {name}")
        sources = module.get("sources", [])
        if not isinstance(sources, list):
            self.fail(f"module {name}: sources is not a list")
            sources = []
        for source in sources:
            if isinstance(source, str):
                path = os.path.join(base, source)
                loaded = self.load_json(path, f"module {name}: sources file")
                if loaded is None:
                    continue
                for s in loaded if isinstance(loaded, list) else [loaded]:
                    self.check_source(s, name, own)
            else:
                self.check_source(source, name, own)
        for sub in module.get("modules", []):
            # A dependency bundled inside the app's module is still third-party.
            self.check_module(sub, base, own=False)

    def check_source(self, source, module, own):
        where = f"module {module}"
        if not isinstance(source, dict):
            self.fail(f"{where}: a source is not an object")
            return
        kind = source.get("type")
        if kind == "git":
            commit = source.get("commit")
            if commit is None:
                ref = source.get("tag") or source.get("branch") or "the default branch"
                self.fail(f"{where}: git source {source.get('url')} is not pinned "
                          f"(follows {ref}); add \"commit\" (40 hex digits)")
            elif not HEX40.match(str(commit)):
                self.fail(f"{where}: git source {source.get('url')} has commit "
                          f"{commit!r}, expected 40 hex digits")
        elif kind in ("archive", "file", "extra-data"):
            if "url" in source or kind == "extra-data":
                sha = source.get("sha256")
                if sha is None:
                    self.fail(f"{where}: {kind} source {source.get('url')} has "
                              "no sha256")
                elif not HEX64.match(str(sha)):
                    self.fail(f"{where}: {kind} source {source.get('url')} has "
                              f"sha256 {sha!r}, expected 64 hex digits")
            elif not own:
                self.fail(f"{where}: local {kind} source {source.get('path')} "
                          "is only allowed for the app's own module")
        elif kind in ("bzr", "svn"):
            if not source.get("revision"):
                self.fail(f"{where}: {kind} source {source.get('url')} has no "
                          "revision")
        elif kind in ("dir", "patch"):
            if not own:
                self.fail(f"{where}: {kind} source {source.get('path')} is only "
                          "allowed for the app's own module")
        elif kind in INLINE_TYPES:
            pass
        else:
            self.fail(f"{where}: unknown source type {kind!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("manifest")
    parser.add_argument("--app-id", default="io.github.sparkdesk.Spark")
    parser.add_argument("--command", default="spark")
    parser.add_argument("--expect", metavar="TEXT",
                        help="succeed only if every violation contains TEXT")
    args = parser.parse_args()

    checker = Checker(args.manifest, args.app_id, args.command)
    checker.check()
    for v in checker.violations:
        print(f"{args.manifest}: {v}")

    if args.expect is not None:
        if checker.violations and all(args.expect in v
                                      for v in checker.violations):
            print(f"ok: rejected for {args.expect!r} as expected")
            return 0
        print(f"FAIL: expected only violations mentioning {args.expect!r}")
        return 1
    if checker.violations:
        print(f"{len(checker.violations)} violation(s)")
        return 1
    print(f"{args.manifest}: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
