; Inno Setup script: installs the one-folder build (dist\dialogue-desktop) for the current user,
; with a Start-menu entry. Uninstalling removes the program and keeps the data folder
; (%LOCALAPPDATA%\dialogue-desktop: databases, backups, keys, logs), which the program never
; writes inside its own folder.
; Build: python packaging\build.py, then: iscc packaging\windows\dialogue-desktop.iss

#define AppName "Dialogue Desktop"
#define AppVersion "0.1.0"

[Setup]
AppId={{6E0E2C36-7F0B-4C86-9B7E-2D1B8F4D5A10}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Dialogue Desktop
DefaultDirName={localappdata}\Programs\Dialogue Desktop
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
OutputDir=..\..\dist
OutputBaseFilename=dialogue-desktop-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\..\dist\dialogue-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\dialogue-desktop.exe"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\dialogue-desktop.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked

[Run]
Filename: "{app}\dialogue-desktop.exe"; Description: "Start {#AppName}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] for the data folder: a facilitator's records survive an uninstall.
