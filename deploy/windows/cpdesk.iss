; Inno Setup script for a Windows installer of the cpdesk bundle (optional: the zip and its
; install.cmd do the same). On a Windows build PC, after `py dev.py bundle`:
;     iscc /DVersion=0.1.0 deploy\windows\cpdesk.iss
; NOT TESTED: written on Linux, where the Windows bundle cannot be built (README).
; The installer replaces the app folder; the data folder (%LOCALAPPDATA%\Circuits Paysans\cpdesk)
; is never touched, and the next start migrates the depot store.
#ifndef Version
  #define Version "0.1.0"
#endif

[Setup]
AppId={{C9751952-6307-4E34-A200-5EB3DE74B68B}
AppName=cpdesk
AppVersion={#Version}
AppPublisher=Circuits Paysans
DefaultDirName={localappdata}\Programs\cpdesk
DefaultGroupName=cpdesk
PrivilegesRequired=lowest
OutputDir=..\..\dist
OutputBaseFilename=cpdesk-{#Version}-windows-setup
Compression=lzma2
SolidCompression=yes
UninstallDisplayIcon={app}\cpdesk-desk.exe

[InstallDelete]
; an upgrade: the old version's files go, the data folder (elsewhere) stays
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\..\dist\cpdesk-{#Version}\*"; DestDir: "{app}"; Excludes: "install.cmd"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\cpdesk"; Filename: "{app}\cpdesk-desk.exe"
Name: "{userdesktop}\cpdesk"; Filename: "{app}\cpdesk-desk.exe"

[Run]
Filename: "{app}\cpdesk-desk.exe"; Description: "Start cpdesk"; Flags: nowait postinstall skipifsilent
