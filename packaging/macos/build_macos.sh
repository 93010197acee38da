#!/usr/bin/env bash
# Build, sign, notarize and package Ocoya Desktop for macOS, from the repository root:
#   packaging/macos/build_macos.sh
# Writes build/dist/Ocoya Desktop.app and build/ocoya-desktop-<version>-macos-<arch>.dmg.
#
# Signing and notarization need these environment variables (CI keeps them as secrets):
#   CODESIGN_IDENTITY   "Developer ID Application: <Company> (<TEAMID>)"
#   APPLE_ID            the Apple ID that submits for notarization
#   APPLE_TEAM_ID       the 10-character team id
#   APPLE_APP_PASSWORD  an app-specific password for that Apple ID
# Set SKIP_NOTARIZE=1 to build and sign without notarizing (for local test builds).
# NOTE: this script has not been run yet; it needs a Mac with Xcode's command-line tools.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO_ROOT"

BUILD_DIR="$REPO_ROOT/build"
ICON_DIR="$BUILD_DIR/icons"
APP="$BUILD_DIR/dist/Ocoya Desktop.app"
VERSION="$(uv run python -c 'from importlib.metadata import version; print(version("ocoya-desktop"))')"
ARCH="$(uname -m)"
DMG="$BUILD_DIR/ocoya-desktop-$VERSION-macos-$ARCH.dmg"
ENTITLEMENTS="$REPO_ROOT/packaging/macos/entitlements.plist"
: "${CODESIGN_IDENTITY:?Set CODESIGN_IDENTITY to the Developer ID Application identity}"

# 1. Icons: the .icns comes from the rendered 256 px PNG through an iconset.
QT_QPA_PLATFORM=offscreen uv run python packaging/render_icon.py "$ICON_DIR"
ICONSET="$ICON_DIR/ocoya-desktop.iconset"
rm -rf "$ICONSET"
mkdir -p "$ICONSET"
for size in 16 32 128 256; do
    sips -z "$size" "$size" "$ICON_DIR/ocoya-desktop-256.png" --out "$ICONSET/icon_${size}x${size}.png" >/dev/null
done
iconutil -c icns "$ICONSET" -o "$ICON_DIR/ocoya-desktop.icns"

# 2. The .app, from the same spec as Linux and Windows (it adds BUNDLE on macOS).
uv run pyinstaller packaging/ocoya-desktop.spec --noconfirm \
    --distpath "$BUILD_DIR/dist" --workpath "$BUILD_DIR/work"

# 3. Sign with the hardened runtime, which notarization requires. --deep also signs the Qt
# frameworks and Python extension modules inside the bundle.
codesign --force --deep --timestamp --options runtime \
    --entitlements "$ENTITLEMENTS" --sign "$CODESIGN_IDENTITY" "$APP"
codesign --verify --deep --strict --verbose=2 "$APP"

# 4. The self-test of the signed app: a signature that breaks a library shows up here.
"$APP/Contents/MacOS/ocoya-desktop" --self-test --data-dir "$(mktemp -d)"

# 5. The disk image, signed as well.
rm -f "$DMG"
hdiutil create -volname "Ocoya Desktop" -srcfolder "$APP" -ov -format UDZO "$DMG"
codesign --force --timestamp --sign "$CODESIGN_IDENTITY" "$DMG"

# 6. Notarize and staple, so Gatekeeper accepts the app offline.
if [[ "${SKIP_NOTARIZE:-0}" != "1" ]]; then
    : "${APPLE_ID:?Set APPLE_ID}" "${APPLE_TEAM_ID:?Set APPLE_TEAM_ID}"
    : "${APPLE_APP_PASSWORD:?Set APPLE_APP_PASSWORD}"
    xcrun notarytool submit "$DMG" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
        --password "$APPLE_APP_PASSWORD" --wait
    xcrun stapler staple "$DMG"
    xcrun stapler validate "$DMG"
fi

echo "App: $APP"
echo "DMG: $DMG ($(du -h "$DMG" | cut -f1))"
