/**
 * windows-10-thirdparty-av: an office desktop on Windows 10 Pro 22H2 with ESET Endpoint Antivirus
 * registered in Security Center, so Microsoft Defender runs in passive mode. A shared local
 * "office" account has not changed its password since June; BitLocker is off; a security update
 * is waiting.
 */
import { windowsCommands, powercfg, DEFINITION_UPDATES, SECURITY_UPDATES, UPDATES } from './windows-common.js';
import type { BundleRecipe } from './make-bundle.js';

const capturedAt = new Date('2026-11-19T10:05:00.000Z');
const PC = 'OFFICE-DESK-03';
const SID = 'S-1-5-21-1004336348-1177238915-682003330';
const office = { Sid: `${SID}-1001`, Path: 'C:\\Users\\office', Account: `${PC}\\office`, Loaded: true };
const tom = { Sid: `${SID}-1002`, Path: 'C:\\Users\\tom', Account: `${PC}\\tom`, Loaded: false };
const local = (Name: string, Sid: string, PasswordLastSet: string | null, Enabled = true) => ({
  Name,
  Enabled,
  PasswordLastSet,
  PasswordExpires: null,
  PasswordRequired: true,
  PrincipalSource: 'Local',
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

export const windows10ThirdPartyAv: BundleRecipe = {
  name: 'windows-10-thirdparty-av',
  capturedAt,
  hostname: PC,
  timeZone: 'Europe/London',
  note: 'Test bundle built by test-bundles/make/windows-10-thirdparty-av.ts in the shapes of the win32 collector fixtures (FIELD-GUIDE §2); not a real machine.',
  spec: {
    platform: 'win32',
    commands: windowsCommands({
      os: {
        ProductName: 'Windows 10 Pro',
        EditionID: 'Professional',
        DisplayVersion: '22H2',
        ReleaseId: '2009',
        CurrentBuild: '19045',
        CurrentBuildNumber: '19045',
        UBR: 5131,
        CurrentMajorVersionNumber: 10,
        CurrentMinorVersionNumber: 0,
        InstallationType: 'Client',
        Arch: 'AMD64',
        Hostname: PC,
        Serial: 'CZC9481TQX',
      },
      antivirus: {
        av: [
          {
            displayName: 'Windows Defender',
            productState: 393472,
            instanceGuid: '{D68DDC3A-831F-4fae-9E44-DA132C1ACF46}',
            pathToSignedProductExe: 'windowsdefender://',
          },
          {
            displayName: 'ESET Endpoint Antivirus',
            productState: 266240,
            instanceGuid: '{7D1CB8F6-2E4A-4F1B-9B7C-3C2F1D6B8A41}',
            pathToSignedProductExe: 'C:\\Program Files\\ESET\\ESET Security\\ecmds.exe',
          },
        ],
        as: [
          { displayName: 'Windows Defender', productState: 393472, instanceGuid: '{D68DDC3A-831F-4fae-9E44-DA132C1ACF46}' },
          { displayName: 'ESET Endpoint Antivirus', productState: 266240, instanceGuid: '{C67D5912-08B5-4F0A-A0E4-8B7B3C5D2E19}' },
        ],
        scError: null,
        mp: {
          AMRunningMode: 'Passive Mode',
          AMServiceEnabled: true,
          AntivirusEnabled: true,
          AntispywareEnabled: true,
          RealTimeProtectionEnabled: true,
          AntivirusSignatureAge: 1,
          AntivirusSignatureVersion: '1.421.1712.0',
          AntivirusSignatureLastUpdated: '2026-11-18T06:40:09.0000000Z',
          DefenderSignaturesOutOfDate: false,
          IsTamperProtected: true,
        },
        mpError: null,
      },
      updatesPending: {
        updates: [
          {
            Title: '2026-11 Cumulative Update for Windows 10 Version 22H2 for x64-based Systems (KB5068781)',
            MsrcSeverity: 'Critical',
            KB: ['KB5068781'],
            CategoryIds: [SECURITY_UPDATES, 'a3c2375d-0c8a-42f9-bce0-28333e198407'],
            Categories: ['Security Updates', 'Windows 10'],
            RebootRequired: false,
          },
          {
            Title: 'Windows Malicious Software Removal Tool x64 - v5.132 (KB890830)',
            MsrcSeverity: '',
            KB: ['KB890830'],
            CategoryIds: ['28bc880e-0592-4cbf-8f95-c79b17911d5f'],
            Categories: ['Update Rollups', 'Windows 10'],
            RebootRequired: false,
          },
        ],
        error: null,
      },
      updatesHistory: {
        history: [
          {
            Date: '2026-11-18T06:40:01.0000000Z',
            Title: 'Security Intelligence Update for Microsoft Defender Antivirus - KB2267602 (Version 1.421.1712.0) - Current Channel (Broad)',
            CategoryIds: [DEFINITION_UPDATES],
          },
          {
            Date: '2026-10-16T12:03:44.0000000Z',
            Title: '2026-10 Cumulative Update for Windows 10 Version 22H2 for x64-based Systems (KB5066791)',
            CategoryIds: [SECURITY_UPDATES],
          },
          {
            Date: '2026-10-16T11:50:20.0000000Z',
            Title: '2026-10 Cumulative Update for .NET Framework 3.5, 4.8 and 4.8.1 for Windows 10 Version 22H2 for x64 (KB5066746)',
            CategoryIds: [UPDATES],
          },
        ],
        historyError: null,
        hotfixLatest: '2026-10-16T00:00:00.0000000Z',
      },
      accounts: {
        computer: PC,
        users: [
          local('Administrator', `${SID}-500`, null, false),
          local('DefaultAccount', `${SID}-503`, null, false),
          local('Guest', `${SID}-501`, null, false),
          local('office', office.Sid, '2026-06-02T08:15:40.0000000Z'),
          local('tom', tom.Sid, '2026-10-20T17:45:03.0000000Z'),
          local('WDAGUtilityAccount', `${SID}-504`, '2025-01-09T09:00:00.0000000Z', false),
        ],
        usersError: null,
        profiles: [office, tom],
      },
      apps: {
        computer: PC,
        profiles: [office, tom],
        uninstall: [
          hklm('{6FC5A5C3-3C0A-4B4B-9E3A-1E0B5B3C6D11}', 'ESET Endpoint Antivirus', '11.1.2039.2', 'ESET, spol. s r.o.'),
          hklm('LibreOffice 24.8.3.2', 'LibreOffice 24.8.3.2', '24.8.3.2', 'The Document Foundation'),
          hklm('Mozilla Firefox (x64 en-GB)', 'Mozilla Firefox (x64 en-GB)', '132.0.2', 'Mozilla'),
          hklm('Microsoft Edge', 'Microsoft Edge', '131.0.2903.51', 'Microsoft Corporation', 'HKLM32'),
          hklm('Google Chrome', 'Google Chrome', '131.0.6778.70', 'Google LLC', 'HKLM32'),
        ],
        appx: [
          {
            Name: 'Microsoft.WindowsCalculator',
            PackageFamilyName: 'Microsoft.WindowsCalculator_8wekyb3d8bbwe',
            Version: '11.2409.0.0',
            IsFramework: false,
            SignatureKind: 'Store',
            NonRemovable: false,
          },
        ],
        appxError: null,
      },
      bitlocker: [
        {
          MountPoint: 'C:',
          VolumeType: 'OperatingSystem',
          VolumeStatus: 'FullyDecrypted',
          ProtectionStatus: 'Off',
          EncryptionMethod: 'None',
          EncryptionPercentage: 0,
          LockStatus: 'Unlocked',
          KeyProtector: [],
        },
      ],
      manageBde: {
        exitCode: 1,
        stdout: [
          'BitLocker Drive Encryption: Configuration Tool version 10.0.19041',
          'Copyright (C) 2013 Microsoft Corporation. All rights reserved.',
          '',
          'Volume C: [Windows]',
          '[OS Volume]',
          '',
          '    Size:                 237.84 GB',
          '    BitLocker Version:    None',
          '    Conversion Status:    Fully Decrypted',
          '    Percentage Encrypted: 0.0%',
          '    Encryption Method:    None',
          '    Protection Status:    Protection Off',
          '    Lock Status:          Unlocked',
          '    Identification Field: None',
          '    Key Protectors:       None Found',
          '',
          '',
        ].join('\r\n'),
      },
      screenLock: {
        computer: PC,
        inactivityTimeoutSecs: 600,
        powerPolicy: [],
        users: [
          {
            Sid: office.Sid,
            Account: office.Account,
            ScreenSaveActive: null,
            ScreenSaverIsSecure: null,
            ScreenSaveTimeOut: null,
            ScrnSave: null,
            PolicyScreenSaveActive: null,
            PolicyScreenSaverIsSecure: null,
            PolicyScreenSaveTimeOut: null,
            PolicyScrnSave: null,
          },
        ],
      },
      powercfg: powercfg([600, 300], [0, 900], [1, 1]),
    }),
    dirs: {
      'C:/Users/office/AppData/Local/Packages': ['Microsoft.WindowsCalculator_8wekyb3d8bbwe'],
      'C:/Users/tom/AppData/Local/Packages': ['Microsoft.WindowsCalculator_8wekyb3d8bbwe'],
    },
  },
};
