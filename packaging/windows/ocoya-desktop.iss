; Inno Setup 6 script for the Windows installer of Ocoya Desktop.
;
; Build the bundle first (from the repository root, in PowerShell):
;   uv run python packaging/render_icon.py build/icons   (with QT_QPA_PLATFORM=offscreen)
;   uv run pyinstaller packaging/ocoya-desktop.spec --noconfirm --distpath build/dist --workpath build/work
; then compile this script, passing the version:
;   iscc /DAppVersion=0.1.0 packaging\windows\ocoya-desktop.iss
; The installer is written to build\ocoya-desktop-<version>-windows-setup.exe.
; NOTE: this script has not been compiled yet; it needs a Windows machine with Inno Setup 6.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z packaging\windows\ocoya-desktop.iss
#endif

#define AppName "Ocoya Desktop"
#define AppExe "ocoya-desktop.exe"
#define RepoRoot "..\.."

[Setup]
; A fixed AppId lets a newer installer upgrade an older installation in place.
AppId={{6B0F3C1E-5D7A-4E8B-9C2F-0A1D2E3F4B5C}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Ocoya Desktop maintainers
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-user installation by default, so no administrator rights are needed; the user may
; choose an installation for all users in the dialog.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#RepoRoot}\build
OutputBaseFilename=ocoya-desktop-{#AppVersion}-windows-setup
SetupIconFile={#RepoRoot}\build\icons\ocoya-desktop.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Qt 6 supports Windows 10 1809 and later.
MinVersion=10.0.17763

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#RepoRoot}\build\dist\ocoya-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{#AppName} (demo)"; Filename: "{app}\{#AppExe}"; Parameters: "--demo"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
