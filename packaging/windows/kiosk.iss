; Inno Setup 6 script: the Windows installer of the one-folder app (packaging/build.py --installer).
;   ISCC /DAppDir=C:\path\to\dist\kiosk packaging\windows\kiosk.iss
; Installs into Program Files, one Start-menu entry per role, an optional autostart entry for a
; kiosk PC, and creates (or upgrades) the database. The data folder is never removed by an
; upgrade or by uninstalling:
; - installed for all users (the usual case, as administrator): per PC, in
;   %ProgramData%\kiosk-mot-cua, so every Windows account of the PC (a clerk's, the kiosk
;   account) uses one database, one enrollment and one number slot. Only the members of the
;   local group KioskMotCua (the installing user and the kiosk account; add others with
;   `net localgroup KioskMotCua NAME /add`) may open it. The choice is recorded in
;   {app}\install.ini ([kiosk] data=all-users), which kiosk.paths.default_home() reads at start;
; - installed for the current user only: %LOCALAPPDATA%\kiosk-mot-cua of that user.
; Autostart for a kiosk PC: installed for all users, a scheduled task at the log-on of the kiosk
; account named on the "Kiosk account" page (the installer runs elevated, so {userstartup}
; would be the administrator's Startup folder); installed for one user, that user's Startup.

#ifndef AppDir
  #define AppDir "..\..\dist\kiosk"
#endif
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef AppVersionInfo
  #define AppVersionInfo "0.1.0.0"
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
; version and icon of setup.exe (the exes get theirs from packaging/windows_resources.py)
VersionInfoVersion={#AppVersionInfo}
VersionInfoProductName={#AppName}
VersionInfoCompany=Bộ phận Một cửa
SetupIconFile=..\build\kiosk.ico
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

[Dirs]
; the per-PC data folder: the accounts of the local group KioskMotCua (made below: the installing
; user and the kiosk account) read and write the one database; nobody else (personal data)
Name: "{commonappdata}\kiosk-mot-cua"; Check: IsAdminInstallMode; Flags: uninsneveruninstall

[INI]
Filename: "{app}\install.ini"; Section: "kiosk"; Key: "data"; String: "all-users"; Check: IsAdminInstallMode
Filename: "{app}\install.ini"; Section: "kiosk"; Key: "data"; String: "per-user"; Check: not IsAdminInstallMode

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
Name: "{group}\Quản trị (admin)"; Filename: "{#Gui}"; Parameters: "run --role admin"
Name: "{group}\Kiểm tra cài đặt (doctor)"; Filename: "{cmd}"; Parameters: "/k ""{#Cli}"" doctor"
Name: "{group}\Gỡ cài đặt"; Filename: "{uninstallexe}"
Name: "{userstartup}\Một cửa - quầy"; Filename: "{#Gui}"; Parameters: "run --role counter"; Tasks: autostart\counter; Check: not IsAdminInstallMode
Name: "{userstartup}\Một cửa - lấy số"; Filename: "{#Gui}"; Parameters: "run --role dispenser --fullscreen"; Tasks: autostart\dispenser; Check: not IsAdminInstallMode
Name: "{userstartup}\Một cửa - tra cứu"; Filename: "{#Gui}"; Parameters: "run --role selfcheck --fullscreen"; Tasks: autostart\selfcheck; Check: not IsAdminInstallMode
Name: "{userstartup}\Một cửa - màn hình"; Filename: "{#Gui}"; Parameters: "run --role display --fullscreen"; Tasks: autostart\display; Check: not IsAdminInstallMode

[Run]
; installed for all users: the group of the PC's accounts that use the per-PC data folder
Filename: "{sys}\net.exe"; Parameters: "localgroup KioskMotCua /add /comment:""Accounts that use the kiosk app's data on this PC"""; Flags: runhidden; Check: IsAdminInstallMode
Filename: "{sys}\net.exe"; Parameters: "localgroup KioskMotCua ""{username}"" /add"; Flags: runhidden; Check: IsAdminInstallMode
Filename: "{sys}\net.exe"; Parameters: "localgroup KioskMotCua ""{code:KioskUser}"" /add"; Flags: runhidden; Check: IsAdminInstallMode
Filename: "{sys}\icacls.exe"; Parameters: """{commonappdata}\kiosk-mot-cua"" /inheritance:r /grant:r ""KioskMotCua:(OI)(CI)M"" /grant:r ""*S-1-5-18:(OI)(CI)F"" /grant:r ""*S-1-5-32-544:(OI)(CI)F"""; Flags: runhidden; Check: IsAdminInstallMode
; create or upgrade the database (per PC when installed for all users: install.ini says so)
Filename: "{#Cli}"; Parameters: "init"; Flags: runhidden runasoriginaluser; StatusMsg: "Preparing the database..."
; installed for all users: start the chosen window at the log-on of the kiosk account
Filename: "{sys}\schtasks.exe"; Parameters: "/Create /F /SC ONLOGON /IT /RU ""{code:KioskUser}"" /TN ""KioskMotCua\counter"" /TR ""\""{#Gui}\"" run --role counter"""; Flags: runhidden; Check: IsAdminInstallMode; Tasks: autostart\counter
Filename: "{sys}\schtasks.exe"; Parameters: "/Create /F /SC ONLOGON /IT /RU ""{code:KioskUser}"" /TN ""KioskMotCua\dispenser"" /TR ""\""{#Gui}\"" run --role dispenser --fullscreen"""; Flags: runhidden; Check: IsAdminInstallMode; Tasks: autostart\dispenser
Filename: "{sys}\schtasks.exe"; Parameters: "/Create /F /SC ONLOGON /IT /RU ""{code:KioskUser}"" /TN ""KioskMotCua\selfcheck"" /TR ""\""{#Gui}\"" run --role selfcheck --fullscreen"""; Flags: runhidden; Check: IsAdminInstallMode; Tasks: autostart\selfcheck
Filename: "{sys}\schtasks.exe"; Parameters: "/Create /F /SC ONLOGON /IT /RU ""{code:KioskUser}"" /TN ""KioskMotCua\display"" /TR ""\""{#Gui}\"" run --role display --fullscreen"""; Flags: runhidden; Check: IsAdminInstallMode; Tasks: autostart\display
Filename: "{#Gui}"; Parameters: "run --role counter"; Description: "Start the counter window"; Flags: postinstall nowait skipifsilent runasoriginaluser unchecked

[UninstallRun]
Filename: "{sys}\schtasks.exe"; Parameters: "/Delete /F /TN ""KioskMotCua\counter"""; Flags: runhidden; RunOnceId: "DelTaskCounter"
Filename: "{sys}\schtasks.exe"; Parameters: "/Delete /F /TN ""KioskMotCua\dispenser"""; Flags: runhidden; RunOnceId: "DelTaskDispenser"
Filename: "{sys}\schtasks.exe"; Parameters: "/Delete /F /TN ""KioskMotCua\selfcheck"""; Flags: runhidden; RunOnceId: "DelTaskSelfcheck"
Filename: "{sys}\schtasks.exe"; Parameters: "/Delete /F /TN ""KioskMotCua\display"""; Flags: runhidden; RunOnceId: "DelTaskDisplay"

[Code]
var
  KioskUserPage: TInputQueryWizardPage;

procedure InitializeWizard;
begin
  KioskUserPage := CreateInputQueryPage(wpSelectTasks,
    'Kiosk account', 'Which Windows account starts the window when it logs on?',
    'The window chosen for autostart opens at the log-on of this account (for example ' +
    'the kiosk PC''s own local account), not of the administrator installing.');
  KioskUserPage.Add('Account (user name or COMPUTER\user):', False);
  KioskUserPage.Values[0] := GetUserNameString;
end;

function ShouldSkipPage(PageID: Integer): Boolean;
begin
  Result := (PageID = KioskUserPage.ID) and
    ((not IsAdminInstallMode) or (not WizardIsTaskSelected('autostart')));
end;

function KioskUser(Param: String): String;
begin
  Result := Trim(KioskUserPage.Values[0]);
  if Result = '' then
    Result := GetUserNameString;
end;
