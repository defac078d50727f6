; Inno Setup script: per-user install without admin rights (admins may choose all users),
; registering the .ecq file type. Build after PyInstaller: iscc packaging\windows\ecqwriter.iss
#define AppVersion "0.1.0"
[Setup]
AppId={{6C1D7E0B-6A57-4F1C-9C55-0E0A77E1B001}
AppName=ecqwriter
AppVersion={#AppVersion}
AppPublisher=The ecqwriter team
DefaultDirName={autopf}\ecqwriter
DefaultGroupName=ecqwriter
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ChangesAssociations=yes
OutputBaseFilename=ecqwriter-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
LicenseFile=..\..\LICENSE

[Files]
Source: "..\..\dist\ecqwriter\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\ecqwriter"; Filename: "{app}\ecqwriter.exe"; Parameters: "gui"
Name: "{autodesktop}\ecqwriter"; Filename: "{app}\ecqwriter.exe"; Parameters: "gui"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked

[Registry]
Root: HKA; Subkey: "Software\Classes\.ecq"; ValueType: string; ValueName: ""; ValueData: "ecqwriter.package"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\ecqwriter.package"; ValueType: string; ValueName: ""; ValueData: "ecqwriter SES package"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\ecqwriter.package\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\ecqwriter.exe,0"
Root: HKA; Subkey: "Software\Classes\ecqwriter.package\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\ecqwriter.exe"" gui ""%1"""
