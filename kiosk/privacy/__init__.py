"""Citizens' personal data on the PCs (Decree 13/2023/NĐ-CP): logs, files at rest, retention.

Qt-free. `logsafe` keeps personal data out of log files by construction; `files` makes the data
folder and every file the app writes readable by the user alone; `vault` encrypts backups;
`secrets` keeps the device secret in the OS credential store; `retention` erases the personal
fields of dossiers returned long ago.
"""
