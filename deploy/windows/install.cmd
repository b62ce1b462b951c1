@echo off
rem Install (or upgrade) cpdesk for the current user from the unzipped bundle folder:
rem the app into %LOCALAPPDATA%\Programs\cpdesk, a Start menu and a desktop shortcut.
rem The data (depot stores, station file, logs) live in %LOCALAPPDATA%\Circuits Paysans\cpdesk:
rem an upgrade replaces the app folder only; the next start migrates the store.
rem NOT TESTED: written on Linux, where the Windows bundle cannot be built (README).
setlocal
set "HERE=%~dp0"
set "APP=%LOCALAPPDATA%\Programs\cpdesk"
"%HERE%cpdesk.exe" --version >nul || (echo This bundle cannot start on this PC. & exit /b 1)
if exist "%APP%.old" rmdir /s /q "%APP%.old"
if exist "%APP%" move "%APP%" "%APP%.old" >nul
robocopy "%HERE%." "%APP%" /E /NFL /NDL /NJH /NJS /XF install.cmd >nul
if errorlevel 8 (echo Copy failed & if exist "%APP%.old" move "%APP%.old" "%APP%" >nul & exit /b 1)
if exist "%APP%.old" rmdir /s /q "%APP%.old"
powershell -NoProfile -Command ^
  "$s=(New-Object -ComObject WScript.Shell);" ^
  "foreach($d in @([Environment]::GetFolderPath('Programs'),[Environment]::GetFolderPath('Desktop'))){" ^
  "$l=$s.CreateShortcut((Join-Path $d 'cpdesk.lnk'));$l.TargetPath='%APP%\cpdesk-desk.exe';" ^
  "$l.WorkingDirectory='%APP%';$l.Save()}"
echo cpdesk installed in %APP%
endlocal
