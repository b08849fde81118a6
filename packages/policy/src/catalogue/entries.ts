import type { CatalogueEntry, CatalogueRegex } from './types.js';

/**
 * Social media & messaging app identifiers, transcribed from FIELD-GUIDE §6. Only identifiers the
 * guide gives a value for are here; cells it marks unknown with no value are left out. Windows
 * Store values are package family name prefixes (Name_PublisherId). Adding an app = adding an
 * entry; catalogue.test.ts checks ids are unique and every regex compiles.
 */

/** Case-insensitive DisplayName pattern (the usual case). */
const ci = (source: string): CatalogueRegex => ({ source, flags: 'i' });
/** Case-sensitive pattern: the guide's `(?-i)` inline flag, which JS regexes do not support. */
const cs = (source: string): CatalogueRegex => ({ source, flags: '' });

export const CATALOGUE_ENTRIES: CatalogueEntry[] = [
  {
    id: 'whatsapp',
    name: 'WhatsApp',
    category: 'messaging',
    identifiers: {
      windowsStore: ['5319275A.WhatsAppDesktop_cv1g1gvanyjgm'],
      win32DisplayName: [ci('^WhatsApp\\b')],
      macos: ['net.whatsapp.WhatsApp', 'desktop.WhatsApp'],
      linux: ['io.github.mimbrero.WhatsAppDesktop', 'com.rtosta.zapzap', 'com.github.eneshecan.WhatsAppForLinux'],
      android: ['com.whatsapp', 'com.whatsapp.w4b'],
      ios: ['net.whatsapp.WhatsApp', 'net.whatsapp.WhatsAppSMB'],
    },
    note: 'Includes WhatsApp Business. Linux has no official app: the flatpaks are unofficial clients. desktop.WhatsApp is the legacy Electron app (single source).',
  },
  {
    id: 'facebook',
    name: 'Facebook',
    category: 'social',
    identifiers: {
      windowsStore: ['Facebook.Facebook_8xx8rvfyw5nnt'],
      android: ['com.facebook.katana'],
      ios: ['com.facebook.Facebook'],
    },
  },
  {
    id: 'messenger',
    name: 'Messenger',
    category: 'messaging',
    identifiers: {
      windowsStore: ['FACEBOOK.317180B0BB486_8xx8rvfyw5nnt', 'Facebook.FacebookMessenger_8xx8rvfyw5nnt'],
      win32DisplayName: [ci('^Messenger$')],
      macos: ['com.facebook.archon'],
      android: ['com.facebook.orca'],
      ios: ['com.facebook.Messenger'],
    },
    note: 'com.facebook.archon is unconfirmed: one source labels it the legacy WhatsApp app (a Meta messaging app either way).',
  },
  {
    id: 'instagram',
    name: 'Instagram',
    category: 'social',
    identifiers: {
      windowsStore: ['Facebook.InstagramBeta_8xx8rvfyw5nnt', 'Facebook.Instagram_8xx8rvfyw5nnt'],
      android: ['com.instagram.android', 'com.instagram.lite'],
      ios: ['com.burbn.instagram'],
    },
  },
  {
    id: 'threads',
    name: 'Threads',
    category: 'social',
    identifiers: { android: ['com.instagram.barcelona'], ios: ['com.burbn.barcelona'] },
  },
  {
    id: 'tiktok',
    name: 'TikTok',
    category: 'social',
    identifiers: {
      windowsStore: ['BytedancePte.Ltd.TikTok_6yccndn6064se'],
      android: ['com.zhiliaoapp.musically', 'com.ss.android.ugc.trill'],
      ios: ['com.zhiliaoapp.musically'],
    },
  },
  {
    id: 'snapchat',
    name: 'Snapchat',
    category: 'social',
    identifiers: {
      windowsStore: ['SnapInc.Snapchat_k1zn018256b8e'],
      android: ['com.snapchat.android'],
      ios: ['com.toyopagroup.picaboo'],
    },
    note: 'The Windows Store name comes from a single source.',
  },
  {
    id: 'x-twitter',
    name: 'X (Twitter)',
    category: 'social',
    identifiers: {
      windowsStore: ['9E2F88E3.Twitter_wgeqdkkx372wm'],
      android: ['com.twitter.android'],
      ios: ['com.atebits.Tweetie2'],
    },
  },
  {
    id: 'telegram',
    name: 'Telegram',
    category: 'messaging',
    identifiers: {
      windowsStore: ['TelegramMessengerLLP.TelegramDesktop_t4vj0pshhgkwm'],
      win32DisplayName: [ci('^Telegram( Desktop)?\\b')],
      macos: ['ru.keepcoder.Telegram', 'com.tdesktop.Telegram'],
      linux: ['telegram-desktop', 'org.telegram.desktop'],
      android: ['org.telegram.messenger', 'org.thunderdog.challegram'],
      ios: ['ph.telegra.Telegraph'],
    },
  },
  {
    id: 'signal',
    name: 'Signal',
    category: 'messaging',
    identifiers: {
      win32DisplayName: [ci('^Signal\\b')],
      macos: ['org.whispersystems.signal-desktop'],
      linux: ['signal-desktop', 'org.signal.Signal'],
      android: ['org.thoughtcrime.securesms'],
      ios: ['org.whispersystems.signal'],
    },
  },
  {
    id: 'discord',
    name: 'Discord',
    category: 'messaging',
    identifiers: {
      win32DisplayName: [ci('^Discord$')],
      macos: ['com.hnc.Discord', 'com.hnc.DiscordPTB', 'com.hnc.DiscordCanary'],
      linux: ['discord', 'com.discordapp.Discord'],
      android: ['com.discord'],
      ios: ['com.hammerandchisel.discord'],
    },
  },
  {
    id: 'reddit',
    name: 'Reddit',
    category: 'social',
    identifiers: { android: ['com.reddit.frontpage'], ios: ['com.reddit.Reddit'] },
  },
  { id: 'tumblr', name: 'Tumblr', category: 'social', identifiers: { android: ['com.tumblr'], ios: ['com.tumblr.tumblr'] } },
  {
    id: 'pinterest',
    name: 'Pinterest',
    category: 'social',
    identifiers: { android: ['com.pinterest'], ios: ['pinterest', 'com.pinterest'] },
  },
  {
    id: 'linkedin',
    name: 'LinkedIn',
    category: 'social',
    identifiers: {
      windowsStore: ['7EE7776C.LinkedInforWindows_'],
      android: ['com.linkedin.android'],
      ios: ['com.linkedin.LinkedIn'],
    },
    note: 'Only the Windows Store name prefix is known, not the publisher id.',
  },
  { id: 'bereal', name: 'BeReal', category: 'social', identifiers: { android: ['com.bereal.ft'], ios: ['AlexisBarreyat.BeReal'] } },
  { id: 'kik', name: 'Kik', category: 'messaging', identifiers: { android: ['kik.android'], ios: ['com.kik.chat'] } },
  {
    id: 'viber',
    name: 'Viber',
    category: 'messaging',
    identifiers: {
      win32DisplayName: [ci('^Viber\\b')],
      macos: ['com.viber.osx'],
      linux: ['com.viber.Viber'],
      android: ['com.viber.voip'],
      ios: ['com.viber'],
    },
  },
  {
    id: 'wechat',
    name: 'WeChat',
    category: 'messaging',
    identifiers: {
      win32DisplayName: [ci('^WeChat\\b'), ci('^Weixin\\b'), ci('^微信')],
      macos: ['com.tencent.xinWeChat'],
      android: ['com.tencent.mm'],
      ios: ['com.tencent.xin'],
    },
  },
  {
    id: 'line',
    name: 'LINE',
    category: 'messaging',
    identifiers: {
      windowsStore: ['NAVER.LINEwin8'],
      // Case-sensitive so that e.g. "Linear" or "Line 6 …" programs do not match.
      win32DisplayName: [cs('^LINE(\\s|$)')],
      macos: ['jp.naver.line.mac'],
      android: ['jp.naver.line.android'],
      ios: ['jp.naver.line'],
    },
    note: 'The Windows Store name prefix comes from a single source.',
  },
  { id: 'yubo', name: 'Yubo', category: 'social', identifiers: { android: ['co.yellw.yellowapp'] } },
  { id: 'twitch', name: 'Twitch', category: 'live-streaming', identifiers: { android: ['tv.twitch.android.app'], ios: ['tv.twitch'] } },
  {
    id: 'omegle',
    name: 'Omegle (and clones)',
    category: 'video-chat',
    identifiers: { android: ['ly.omegle.android'] },
    note: 'Omegle shut down in November 2023; apps using the name are clones.',
  },
  { id: 'monkey', name: 'Monkey', category: 'video-chat', identifiers: { android: ['cool.monkey.android'] } },
  { id: 'azar', name: 'Azar', category: 'video-chat', identifiers: { android: ['com.azarlive.android'] } },
  { id: 'chatous', name: 'Chatous', category: 'messaging', identifiers: { android: ['com.chatous.chatous'] } },
  { id: 'tango', name: 'Tango', category: 'live-streaming', identifiers: { android: ['com.sgiggle.production'] } },
  { id: 'bigo-live', name: 'Bigo Live', category: 'live-streaming', identifiers: { android: ['sg.bigo.live'] } },
  {
    id: 'skype',
    name: 'Skype',
    category: 'work-collaboration',
    identifiers: {
      windowsStore: ['Microsoft.SkypeApp_kzf8qxf38zg5c'],
      win32DisplayName: [ci('^Skype\\b')],
      macos: ['com.skype.skype'],
    },
  },
  {
    id: 'teams',
    name: 'Microsoft Teams',
    category: 'work-collaboration',
    identifiers: {
      windowsStore: ['MSTeams_8wekyb3d8bbwe'],
      win32DisplayName: [ci('^Microsoft Teams\\b')],
      macos: ['com.microsoft.teams2', 'com.microsoft.teams'],
      android: ['com.microsoft.teams'],
      ios: ['com.microsoft.skype.teams'],
    },
    note: 'A common work tool: organisations that use it approve it as a channel on the Policy page. The Mac ids (new and classic Teams) are not in FIELD-GUIDE §6.',
  },
  {
    id: 'slack',
    name: 'Slack',
    category: 'work-collaboration',
    identifiers: {
      win32DisplayName: [ci('^Slack\\b')],
      macos: ['com.tinyspeck.slackmacgap'],
      linux: ['com.slack.Slack'],
      android: ['com.Slack'],
      ios: ['com.tinyspeck.chatlyio'],
    },
    note: 'A common work tool: organisations that use it approve it as a channel on the Policy page.',
  },
  {
    id: 'zoom',
    name: 'Zoom',
    category: 'work-collaboration',
    identifiers: {
      win32DisplayName: [ci('^Zoom( Workplace)?$'), ci('^Zoom \\(')],
      macos: ['us.zoom.xos'],
      linux: ['us.zoom.Zoom'],
      android: ['us.zoom.videomeetings'],
      ios: ['us.zoom.videomeetings'],
    },
    note: 'A common work tool: organisations that use it approve it as a channel on the Policy page.',
  },
  {
    id: 'webex',
    name: 'Webex',
    category: 'work-collaboration',
    identifiers: {
      win32DisplayName: [ci('^(Cisco )?Webex\\b')],
      macos: ['Cisco-Systems.Spark'],
      android: ['com.cisco.wx2.android'],
    },
    note: 'Identifiers not in FIELD-GUIDE §6: the DisplayName pattern covers "Webex" and "Cisco Webex Meetings"; the Mac and Android ids are the Webex app (single source).',
  },
  {
    id: 'element',
    name: 'Element',
    category: 'messaging',
    identifiers: { macos: ['im.riot.app'], linux: ['im.riot.Riot'], android: ['im.vector.app'] },
  },
  { id: 'threema', name: 'Threema', category: 'messaging', identifiers: { android: ['ch.threema.app'], ios: ['ch.threema.iapp'] } },
  { id: 'session', name: 'Session', category: 'messaging', identifiers: { android: ['network.loki.messenger'] } },
  {
    id: 'kakaotalk',
    name: 'KakaoTalk',
    category: 'messaging',
    identifiers: { android: ['com.kakao.talk'], ios: ['com.iwilab.KakaoTalk'] },
  },
  { id: 'imo', name: 'imo', category: 'messaging', identifiers: { android: ['com.imo.android.imoim'], ios: ['imoimiphone'] } },
  {
    id: 'groupme',
    name: 'GroupMe',
    category: 'messaging',
    identifiers: { android: ['com.groupme.android'], ios: ['com.groupme.iphone-app'] },
  },
  { id: 'wire', name: 'Wire', category: 'messaging', identifiers: { android: ['com.wire'], ios: ['com.wearezeta.zclient.ios'] } },
  {
    id: 'google-chat',
    name: 'Google Chat',
    category: 'work-collaboration',
    identifiers: { android: ['com.google.android.apps.dynamite'], ios: ['com.google.Dynamite'] },
  },
  { id: 'tinder', name: 'Tinder', category: 'dating', identifiers: { android: ['com.tinder'], ios: ['com.cardify.tinder'] } },
  { id: 'bumble', name: 'Bumble', category: 'dating', identifiers: { android: ['com.bumble.app'], ios: ['com.moxco.bumble'] } },
  { id: 'hinge', name: 'Hinge', category: 'dating', identifiers: { android: ['co.hinge.app'], ios: ['co.hinge.mobile.ios'] } },
  {
    id: 'grindr',
    name: 'Grindr',
    category: 'dating',
    identifiers: { android: ['com.grindrapp.android'], ios: ['com.grindrguy.grindrx'] },
  },
];
