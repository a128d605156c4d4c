; Inno Setup 6 script of the desk program for Windows (x64): packages dist\microstation\ built on Windows by
; installer\build.py, with Start-menu and desktop shortcuts and an uninstaller.
;
;   py installer\build.py                    (builds dist\microstation\ and, when ISCC.exe is found, runs this)
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" installer\windows\microstation.iss
;
; Needs Inno Setup 6.3 or later (x64compatible, UTF-8 scripts). The version is read from microstation.exe's version
; resource, which build.py stamps from desktop/__init__.py: nothing to edit here for a new release. The AppId below
; must never change: it is how a newer installer finds and replaces an installed older version.
; User data (database, config, logs under %LOCALAPPDATA%\microstation) is neither installed nor removed here.

#ifndef DistDir
  #define DistDir AddBackslash(SourcePath) + "..\..\dist"
#endif
#ifndef StageDir
  #define StageDir AddBackslash(SourcePath) + "..\..\build\stage"
#endif
#define BundleDir AddBackslash(DistDir) + "microstation"
#define AppExe AddBackslash(BundleDir) + "microstation.exe"
#if !FileExists(AppExe)
  #error dist\microstation\microstation.exe not found: run "py installer\build.py" on Windows first
#endif
#define AppVersion GetStringFileInfo(AppExe, "ProductVersion")
#if AppVersion == ""
  #error microstation.exe carries no ProductVersion: build it with installer\build.py
#endif
#define AppName "微派出所前台受理系统"

[Setup]
AppId={{6F1C2B7E-3D4A-4E8B-9C51-7A2D0E6B4F13}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=湛江市公安局霞山分局
VersionInfoVersion={#AppVersion}
VersionInfoProductName=微站前台
DefaultDirName={autopf}\Microstation
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\microstation.exe
SetupIconFile={#StageDir}\microstation.ico
OutputDir={#DistDir}
OutputBaseFilename=microstation-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
PrivilegesRequired=admin
; a running desk is asked to close (Restart Manager) before its files are replaced
CloseApplications=yes
RestartApplications=no

[Languages]
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#else
  #pragma message "ChineseSimplified.isl is not in this Inno Setup's Languages folder: the installer speaks English"
Name: "english"; MessagesFile: "compiler:Default.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; an upgrade replaces the whole bundle: modules an older version had and this one dropped must not linger
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\microstation.exe"; WorkingDir: "{app}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\microstation.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\microstation.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
