; Inno Setup 6 script: the Windows installer of the one-folder app (packaging/build.py --installer).
;   ISCC /DAppDir=C:\path\to\dist\kiosk packaging\windows\kiosk.iss
; Installs into Program Files, one Start-menu entry per role, an optional autostart entry for a
; kiosk PC, and creates (or upgrades) the database of the user who installs. The data folder
; (%LOCALAPPDATA%\kiosk-mot-cua) is never removed by an upgrade or by uninstalling.

#ifndef AppDir
  #define AppDir "..\..\dist\kiosk"
#endif
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Một cửa"
#define Gui "{app}\kiosk-app.exe"
#define Cli "{app}\kiosk.exe"

[Setup]
AppId={{6C0B7E52-4F0A-4C38-9B7E-2F6A1D3C9E11}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Bộ phận Một cửa
DefaultDirName={autopf}\KioskMotCua
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
OutputBaseFilename=kiosk-mot-cua-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequiredOverridesAllowed=dialog
WizardStyle=modern
UninstallDisplayIcon={#Gui}
; An upgrade closes the running app first (the files are in use otherwise).
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "autostart"; Description: "Start a window when this user logs on (kiosk PC):"; Flags: unchecked
Name: "autostart\counter"; Description: "Counter (clerk)"; Flags: exclusive unchecked
Name: "autostart\dispenser"; Description: "Ticket dispenser, full screen"; Flags: exclusive
Name: "autostart\selfcheck"; Description: "Self-check kiosk, full screen"; Flags: exclusive unchecked
Name: "autostart\display"; Description: "Waiting-room display, full screen"; Flags: exclusive unchecked

[Files]
Source: "{#AppDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; the previous version's libraries: an upgrade must not mix old and new files
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\Quầy tiếp nhận (counter)"; Filename: "{#Gui}"; Parameters: "run --role counter"
Name: "{group}\Máy lấy số (dispenser)"; Filename: "{#Gui}"; Parameters: "run --role dispenser --fullscreen"
Name: "{group}\Tra cứu hồ sơ (self-check)"; Filename: "{#Gui}"; Parameters: "run --role selfcheck --fullscreen"
Name: "{group}\Màn hình gọi số (display)"; Filename: "{#Gui}"; Parameters: "run --role display --fullscreen"
Name: "{group}\Phòng chuyên môn (department)"; Filename: "{#Gui}"; Parameters: "run --role department"
Name: "{group}\Giám sát (supervisor)"; Filename: "{#Gui}"; Parameters: "run --role supervisor"
Name: "{group}\Kiểm tra cài đặt (doctor)"; Filename: "{cmd}"; Parameters: "/k ""{#Cli}"" doctor"
Name: "{group}\Gỡ cài đặt"; Filename: "{uninstallexe}"
Name: "{userstartup}\Một cửa - quầy"; Filename: "{#Gui}"; Parameters: "run --role counter"; Tasks: autostart\counter
Name: "{userstartup}\Một cửa - lấy số"; Filename: "{#Gui}"; Parameters: "run --role dispenser --fullscreen"; Tasks: autostart\dispenser
Name: "{userstartup}\Một cửa - tra cứu"; Filename: "{#Gui}"; Parameters: "run --role selfcheck --fullscreen"; Tasks: autostart\selfcheck
Name: "{userstartup}\Một cửa - màn hình"; Filename: "{#Gui}"; Parameters: "run --role display --fullscreen"; Tasks: autostart\display

[Run]
; create or upgrade the database in the data folder of the user who runs the installer
Filename: "{#Cli}"; Parameters: "init"; Flags: runhidden runasoriginaluser; StatusMsg: "Preparing the database..."
Filename: "{#Gui}"; Parameters: "run --role counter"; Description: "Start the counter window"; Flags: postinstall nowait skipifsilent runasoriginaluser unchecked
