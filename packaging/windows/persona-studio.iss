; Inno Setup script for the Windows installer. packaging/build.py runs it with
;   iscc /DAppVersion=<version> /DBundleDir=<dist\PersonaStudio> /DOutputDir=<dist\release>
;        /DVariant=<cuda|cpu> /DIconFile=<persona-studio.ico> persona-studio.iss
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef Variant
  #define Variant "cuda"
#endif

[Setup]
AppId={{6E1C2F4B-6B1E-4E53-9C5B-5A0D8E8C7A11}
AppName=Persona Studio
AppVersion={#AppVersion}
AppPublisher=Persona Studio team
DefaultDirName={autopf}\Persona Studio
DefaultGroupName=Persona Studio
UninstallDisplayIcon={app}\PersonaStudio.exe
SetupIconFile={#IconFile}
OutputDir={#OutputDir}
OutputBaseFilename=persona-studio-{#AppVersion}-windows-x86_64-{#Variant}-setup
Compression=lzma2/fast
SolidCompression=no
; The CUDA bundle is several GB: disk spanning keeps each file under the release-host limit.
DiskSpanning=yes
DiskSliceSize=max
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
PrivilegesRequiredOverridesAllowed=dialog
WizardStyle=modern

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Persona Studio"; Filename: "{app}\PersonaStudio.exe"
Name: "{group}\{cm:UninstallProgram,Persona Studio}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Persona Studio"; Filename: "{app}\PersonaStudio.exe"; Tasks: desktopicon

[Registry]
; .persona project files open in the app.
Root: HKA; Subkey: "Software\Classes\.persona"; ValueType: string; ValueName: ""; ValueData: "PersonaStudio.Project"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.persona"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-persona-studio"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\PersonaStudio.Project"; ValueType: string; ValueName: ""; ValueData: "Persona Studio project"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\PersonaStudio.Project\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\PersonaStudio.exe,0"
Root: HKA; Subkey: "Software\Classes\PersonaStudio.Project\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\PersonaStudio.exe"" ""%1"""

[Run]
Filename: "{app}\PersonaStudio.exe"; Description: "{cm:LaunchProgram,Persona Studio}"; Flags: nowait postinstall skipifsilent
