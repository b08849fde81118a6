/**
 * windows-11-defender: a charity laptop on Windows 11 Pro 24H2. Microsoft Defender in normal
 * mode with fresh definitions, BitLocker on with TPM, updates installed, a secure screensaver,
 * and the keeper has installed WhatsApp from the Microsoft Store.
 */
import { windowsCommands, powercfg, DEFINITION_UPDATES, SECURITY_UPDATES, UPDATES } from './windows-common.js';
import type { BundleRecipe } from './make-bundle.js';

const capturedAt = new Date('2026-11-19T14:10:00.000Z');
const PC = 'KC-LAPTOP-12';
const SID = 'S-1-5-21-2044419561-1822456119-3171427208';
const priya = { Sid: `${SID}-1001`, Path: 'C:\\Users\\priya', Account: `${PC}\\priya`, Loaded: true };
const kcadmin = { Sid: `${SID}-1002`, Path: 'C:\\Users\\kcadmin', Account: `${PC}\\kcadmin`, Loaded: false };
const local = (Name: string, Sid: string, PasswordLastSet: string | null, Enabled = true, PrincipalSource = 'Local') => ({
  Name,
  Enabled,
  PasswordLastSet,
  PasswordExpires: null,
  PasswordRequired: Name !== 'Guest' && Name !== 'DefaultAccount',
  PrincipalSource,
  Sid,
});
const hklm = (Key: string, DisplayName: string, DisplayVersion: string, Publisher: string, Hive = 'HKLM') => ({
  Hive,
  Key,
  DisplayName,
  DisplayVersion,
  Publisher,
  SystemComponent: null,
  ParentKeyName: null,
});
const appx = (Name: string, PackageFamilyName: string, Version: string, SignatureKind = 'Store', IsFramework = false) => ({
  Name,
  PackageFamilyName,
  Version,
  IsFramework,
  SignatureKind,
  NonRemovable: SignatureKind === 'System',
});

export const windows11Defender: BundleRecipe = {
  name: 'windows-11-defender',
  capturedAt,
  hostname: PC,
  timeZone: 'Europe/London',
  note: 'Test bundle built by test-bundles/make/windows-11-defender.ts in the shapes of the win32 collector fixtures (FIELD-GUIDE §2); not a real machine.',
  spec: {
    platform: 'win32',
    commands: windowsCommands({
      os: {
        ProductName: 'Windows 10 Pro',
        EditionID: 'Professional',
        DisplayVersion: '24H2',
        ReleaseId: '2009',
        CurrentBuild: '26100',
        CurrentBuildNumber: '26100',
        UBR: 2314,
        CurrentMajorVersionNumber: 10,
        CurrentMinorVersionNumber: 0,
        InstallationType: 'Client',
        Arch: 'AMD64',
        Hostname: PC,
        Serial: '5CG3214KQZ',
      },
      antivirus: {
        av: [
          {
            displayName: 'Windows Defender',
            productState: 397568,
            instanceGuid: '{D68DDC3A-831F-4fae-9E44-DA132C1ACF46}',
            pathToSignedProductExe: 'windowsdefender://',
          },
        ],
        as: [{ displayName: 'Windows Defender', productState: 397568, instanceGuid: '{D68DDC3A-831F-4fae-9E44-DA132C1ACF46}' }],
        scError: null,
        mp: {
          AMRunningMode: 'Normal',
          AMServiceEnabled: true,
          AntivirusEnabled: true,
          AntispywareEnabled: true,
          RealTimeProtectionEnabled: true,
          AntivirusSignatureAge: 0,
          AntivirusSignatureVersion: '1.421.1794.0',
          AntivirusSignatureLastUpdated: '2026-11-19T03:12:40.0000000Z',
          DefenderSignaturesOutOfDate: false,
          IsTamperProtected: true,
        },
        mpError: null,
      },
      updatesPending: { updates: [], error: null },
      updatesHistory: {
        history: [
          {
            Date: '2026-11-19T03:12:31.0000000Z',
            Title: 'Security Intelligence Update for Microsoft Defender Antivirus - KB2267602 (Version 1.421.1794.0) - Current Channel (Broad)',
            CategoryIds: [DEFINITION_UPDATES],
          },
          {
            Date: '2026-11-11T09:44:18.0000000Z',
            Title: '2026-11 Cumulative Update for Windows 11 Version 24H2 for x64-based Systems (KB5068861)',
            CategoryIds: [SECURITY_UPDATES],
          },
          {
            Date: '2026-11-11T09:31:02.0000000Z',
            Title: '2026-11 Cumulative Update for .NET Framework 3.5 and 4.8.1 for Windows 11, version 24H2 for x64 (KB5066131)',
            CategoryIds: [UPDATES],
          },
        ],
        historyError: null,
        hotfixLatest: '2026-11-11T00:00:00.0000000Z',
      },
      accounts: {
        computer: PC,
        users: [
          local('Administrator', `${SID}-500`, null, false),
          local('DefaultAccount', `${SID}-503`, null, false),
          local('Guest', `${SID}-501`, null, false),
          local('kcadmin', kcadmin.Sid, '2026-10-02T16:20:11.0000000Z'),
          local('priya', priya.Sid, '2026-09-28T08:02:55.0000000Z', true, 'MicrosoftAccount'),
          local('WDAGUtilityAccount', `${SID}-504`, '2026-03-14T10:11:12.0000000Z', false),
        ],
        usersError: null,
        profiles: [priya, kcadmin],
      },
      apps: {
        computer: PC,
        profiles: [priya, kcadmin],
        uninstall: [
          hklm('O365HomePremRetail - en-gb', 'Microsoft 365 - en-gb', '16.0.18129.20158', 'Microsoft Corporation'),
          hklm('Mozilla Firefox (x64 en-GB)', 'Mozilla Firefox (x64 en-GB)', '132.0.2', 'Mozilla'),
          hklm('{AC76BA86-7AD7-1033-7B44-AC0F074E4100}', 'Adobe Acrobat (64-bit)', '24.004.20220', 'Adobe'),
          hklm('Microsoft Edge', 'Microsoft Edge', '131.0.2903.51', 'Microsoft Corporation', 'HKLM32'),
          hklm('OneDriveSetup.exe', 'Microsoft OneDrive', '24.211.1020.0001', 'Microsoft Corporation', priya.Sid),
        ],
        appx: [
          appx('5319275A.WhatsAppDesktop', '5319275A.WhatsAppDesktop_cv1g1gvanyjgm', '2.2445.5.0'),
          appx('Microsoft.VCLibs.140.00.UWPDesktop', 'Microsoft.VCLibs.140.00.UWPDesktop_8wekyb3d8bbwe', '14.0.33519.0', 'Store', true),
          appx('Microsoft.Windows.ShellExperienceHost', 'Microsoft.Windows.ShellExperienceHost_cw5n1h2txyewy', '10.0.26100.2314', 'System'),
          appx('Microsoft.WindowsCalculator', 'Microsoft.WindowsCalculator_8wekyb3d8bbwe', '11.2409.0.0'),
          appx('Microsoft.Paint', 'Microsoft.Paint_8wekyb3d8bbwe', '11.2410.28.0'),
        ],
        appxError: null,
      },
      bitlocker: [
        {
          MountPoint: 'C:',
          VolumeType: 'OperatingSystem',
          VolumeStatus: 'FullyEncrypted',
          ProtectionStatus: 'On',
          EncryptionMethod: 'XtsAes128',
          EncryptionPercentage: 100,
          LockStatus: 'Unlocked',
          KeyProtector: ['Tpm', 'RecoveryPassword'],
        },
      ],
      manageBde: {
        exitCode: 0,
        stdout: [
          'BitLocker Drive Encryption: Configuration Tool version 10.0.26100',
          'Copyright (C) 2013 Microsoft Corporation. All rights reserved.',
          '',
          'Volume C: [Windows]',
          '[OS Volume]',
          '',
          '    Size:                 475.69 GB',
          '    BitLocker Version:    2.0',
          '    Conversion Status:    Used Space Only Encrypted',
          '    Percentage Encrypted: 100.0%',
          '    Encryption Method:    XTS-AES 128',
          '    Protection Status:    Protection On',
          '    Lock Status:          Unlocked',
          '    Identification Field: Unknown',
          '    Key Protectors:',
          '        TPM',
          '        Numerical Password',
          '',
          '',
        ].join('\r\n'),
      },
      screenLock: {
        computer: PC,
        inactivityTimeoutSecs: null,
        powerPolicy: [],
        users: [
          {
            Sid: priya.Sid,
            Account: priya.Account,
            ScreenSaveActive: '1',
            ScreenSaverIsSecure: '1',
            ScreenSaveTimeOut: '600',
            ScrnSave: 'C:\\Windows\\system32\\scrnsave.scr',
            PolicyScreenSaveActive: null,
            PolicyScreenSaverIsSecure: null,
            PolicyScreenSaveTimeOut: null,
            PolicyScrnSave: null,
          },
        ],
      },
      powercfg: powercfg([300, 180], [1800, 900], [1, 1]),
    }),
    dirs: {
      'C:/Users/priya/AppData/Local/Packages': [
        '5319275A.WhatsAppDesktop_cv1g1gvanyjgm',
        'Microsoft.MicrosoftEdge.Stable_8wekyb3d8bbwe',
        'Microsoft.Paint_8wekyb3d8bbwe',
        'Microsoft.Windows.ShellExperienceHost_cw5n1h2txyewy',
        'Microsoft.WindowsCalculator_8wekyb3d8bbwe',
      ],
      'C:/Users/kcadmin/AppData/Local/Packages': ['Microsoft.Windows.ShellExperienceHost_cw5n1h2txyewy'],
    },
  },
};
