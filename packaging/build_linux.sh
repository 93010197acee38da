#!/usr/bin/env bash
# Build the Linux packages of Ocoya Desktop from the repository root:
#   packaging/build_linux.sh
# Writes build/dist/ocoya-desktop/ (the PyInstaller bundle), then
# build/ocoya-desktop-<version>-linux-<arch>.tar.gz and build/ocoya-desktop_<version>_<arch>.deb.
# Needs uv and dpkg-deb from dpkg 1.19 or later, whose --root-owner-group makes root own the
# packaged files without fakeroot.
# Set SKIP_PYINSTALLER=1 to package an existing bundle again without rebuilding it.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

BUILD_DIR="$REPO_ROOT/build"
BUNDLE_DIR="$BUILD_DIR/dist/ocoya-desktop"
ICON_DIR="$BUILD_DIR/icons"
SVG_ICON="$REPO_ROOT/ocoya_desktop/ui/resources/icons/app.svg"

VERSION="$(uv run python -c 'from importlib.metadata import version; print(version("ocoya-desktop"))')"
DEB_ARCH="$(dpkg --print-architecture)"
MACHINE="$(uname -m)"

echo "Building Ocoya Desktop $VERSION for $DEB_ARCH"

# 1. Icons: Qt renders the SVG, so the PNG matches what the app shows.
QT_QPA_PLATFORM=offscreen uv run python packaging/render_icon.py "$ICON_DIR"

# 2. The one-folder bundle.
if [[ "${SKIP_PYINSTALLER:-0}" != "1" ]]; then
    uv run pyinstaller packaging/ocoya-desktop.spec --noconfirm \
        --distpath "$BUILD_DIR/dist" --workpath "$BUILD_DIR/work"
fi
if [[ ! -x "$BUNDLE_DIR/ocoya-desktop" ]]; then
    echo "error: $BUNDLE_DIR/ocoya-desktop is missing; run without SKIP_PYINSTALLER=1" >&2
    exit 1
fi

# 3. The .tar.gz: the bundle folder plus the desktop entry and icons, to unpack anywhere.
TARBALL_NAME="ocoya-desktop-$VERSION-linux-$MACHINE"
STAGE_TAR="$BUILD_DIR/stage-tar/$TARBALL_NAME"
rm -rf "$BUILD_DIR/stage-tar"
mkdir -p "$STAGE_TAR"
cp -a "$BUNDLE_DIR/." "$STAGE_TAR/"
cp "$REPO_ROOT/packaging/linux/ocoya-desktop.desktop" "$STAGE_TAR/"
cp "$SVG_ICON" "$STAGE_TAR/ocoya-desktop.svg"
cp "$ICON_DIR/ocoya-desktop-256.png" "$STAGE_TAR/ocoya-desktop.png"
tar -C "$BUILD_DIR/stage-tar" --owner=0 --group=0 --numeric-owner \
    -czf "$BUILD_DIR/$TARBALL_NAME.tar.gz" "$TARBALL_NAME"

# 4. The .deb: the bundle under /opt, a launcher in /usr/bin, a desktop entry and icons.
DEB_ROOT="$BUILD_DIR/stage-deb"
rm -rf "$DEB_ROOT"
install -d "$DEB_ROOT/opt/ocoya-desktop" "$DEB_ROOT/usr/bin" "$DEB_ROOT/DEBIAN" \
    "$DEB_ROOT/usr/share/applications" \
    "$DEB_ROOT/usr/share/icons/hicolor/scalable/apps" \
    "$DEB_ROOT/usr/share/icons/hicolor/256x256/apps"
cp -a "$BUNDLE_DIR/." "$DEB_ROOT/opt/ocoya-desktop/"
# /usr/bin/ocoya-desktop is a two-line script that execs the binary under /opt.
install -m 0755 "$REPO_ROOT/packaging/linux/ocoya-desktop-launcher.sh" \
    "$DEB_ROOT/usr/bin/ocoya-desktop"
install -m 0644 "$REPO_ROOT/packaging/linux/ocoya-desktop.desktop" \
    "$DEB_ROOT/usr/share/applications/ocoya-desktop.desktop"
install -m 0644 "$SVG_ICON" "$DEB_ROOT/usr/share/icons/hicolor/scalable/apps/ocoya-desktop.svg"
install -m 0644 "$ICON_DIR/ocoya-desktop-256.png" \
    "$DEB_ROOT/usr/share/icons/hicolor/256x256/apps/ocoya-desktop.png"

# Installed-Size is in KiB, as dpkg expects.
INSTALLED_KIB="$(du -sk --exclude=DEBIAN "$DEB_ROOT" | cut -f1)"
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$DEB_ARCH/" -e "s/@INSTALLED_SIZE@/$INSTALLED_KIB/" \
    "$REPO_ROOT/packaging/linux/control.in" > "$DEB_ROOT/DEBIAN/control"
# The same script refreshes the desktop caches after installing and after removing.
install -m 0755 "$REPO_ROOT/packaging/linux/refresh-desktop-caches" "$DEB_ROOT/DEBIAN/postinst"
install -m 0755 "$REPO_ROOT/packaging/linux/refresh-desktop-caches" "$DEB_ROOT/DEBIAN/postrm"

# dpkg-deb refuses group-writable control files, whatever the umask produced.
chmod -R go-w "$DEB_ROOT"
DEB_FILE="$BUILD_DIR/ocoya-desktop_${VERSION}_${DEB_ARCH}.deb"
dpkg-deb --build --root-owner-group -Zxz "$DEB_ROOT" "$DEB_FILE"

echo
echo "Bundle:  $BUNDLE_DIR ($(du -sh "$BUNDLE_DIR" | cut -f1))"
echo "Tarball: $BUILD_DIR/$TARBALL_NAME.tar.gz ($(du -h "$BUILD_DIR/$TARBALL_NAME.tar.gz" | cut -f1))"
echo "Deb:     $DEB_FILE ($(du -h "$DEB_FILE" | cut -f1))"
