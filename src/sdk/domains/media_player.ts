/** `media_player`: playback, volume, sources, and browsing a library (a query). */
import { z } from 'zod';
import { type DataOf, type DomainSpec, NO_FIELDS, oneOf, stateOf } from './spec.js';

export const MediaPlayerEntityFeature = {
  PAUSE: 1,
  SEEK: 2,
  VOLUME_SET: 4,
  VOLUME_MUTE: 8,
  PREVIOUS_TRACK: 16,
  NEXT_TRACK: 32,
  TURN_ON: 128,
  TURN_OFF: 256,
  PLAY_MEDIA: 512,
  VOLUME_STEP: 1024,
  SELECT_SOURCE: 2048,
  STOP: 4096,
  CLEAR_PLAYLIST: 8192,
  PLAY: 16384,
  SHUFFLE_SET: 32768,
  SELECT_SOUND_MODE: 65536,
  BROWSE_MEDIA: 131072,
  REPEAT_SET: 262144,
  GROUPING: 524288,
  MEDIA_ANNOUNCE: 1048576,
  MEDIA_ENQUEUE: 2097152,
} as const;
const F = MediaPlayerEntityFeature;

export const MediaPlayerState = {
  OFF: 'off',
  ON: 'on',
  IDLE: 'idle',
  PLAYING: 'playing',
  PAUSED: 'paused',
  STANDBY: 'standby',
  BUFFERING: 'buffering',
} as const;
export type MediaPlayerState = (typeof MediaPlayerState)[keyof typeof MediaPlayerState];

export type RepeatMode = 'off' | 'all' | 'one';

export interface MediaPlayerFields {
  playerState: MediaPlayerState | null;
  /** 0..1 */
  volumeLevel: number | null;
  isVolumeMuted: boolean | null;
  mediaContentId: string | null;
  mediaContentType: string | null;
  mediaTitle: string | null;
  mediaArtist: string | null;
  mediaAlbumName: string | null;
  /** Seconds. */
  mediaDuration: number | null;
  mediaPosition: number | null;
  source: string | null;
  sourceList: string[] | null;
  soundMode: string | null;
  soundModeList: string[] | null;
  shuffle: boolean | null;
  repeat: RepeatMode | null;
}

/** One node of a media library as `browse_media` answers it. */
export interface BrowseMedia {
  title: string;
  media_class: string;
  media_content_id: string;
  media_content_type: string;
  can_play: boolean;
  can_expand: boolean;
  thumbnail?: string | null;
  children?: BrowseMedia[];
}

export const mediaVolumeSetFields = { volume_level: z.number().min(0).max(1) };
export type MediaVolumeSetData = DataOf<typeof mediaVolumeSetFields>;
export const mediaVolumeMuteFields = { is_volume_muted: z.boolean() };
export type MediaVolumeMuteData = DataOf<typeof mediaVolumeMuteFields>;
export const mediaSeekFields = { seek_position: z.number().min(0) };
export type MediaSeekData = DataOf<typeof mediaSeekFields>;
export const mediaSelectSourceFields = { source: z.string() };
export type MediaSelectSourceData = DataOf<typeof mediaSelectSourceFields>;
export const mediaSelectSoundModeFields = { sound_mode: z.string() };
export type MediaSelectSoundModeData = DataOf<typeof mediaSelectSoundModeFields>;
export const mediaShuffleSetFields = { shuffle: z.boolean() };
export type MediaShuffleSetData = DataOf<typeof mediaShuffleSetFields>;
export const mediaRepeatSetFields = { repeat: z.enum(['off', 'all', 'one']) };
export type MediaRepeatSetData = DataOf<typeof mediaRepeatSetFields>;
export const mediaPlayMediaFields = {
  media_content_id: z.string(),
  media_content_type: z.string(),
  enqueue: z.enum(['play', 'next', 'add', 'replace']).optional(),
  announce: z.boolean().optional(),
};
export type MediaPlayMediaData = DataOf<typeof mediaPlayMediaFields>;
export const mediaBrowseFields = {
  media_content_type: z.string().optional(),
  media_content_id: z.string().optional(),
};
export type MediaBrowseData = DataOf<typeof mediaBrowseFields>;

export const MEDIA_PLAYER: DomainSpec<MediaPlayerFields> = {
  domain: 'media_player',
  defaults: {
    playerState: null,
    volumeLevel: null,
    isVolumeMuted: null,
    mediaContentId: null,
    mediaContentType: null,
    mediaTitle: null,
    mediaArtist: null,
    mediaAlbumName: null,
    mediaDuration: null,
    mediaPosition: null,
    source: null,
    sourceList: null,
    soundMode: null,
    soundModeList: null,
    shuffle: null,
    repeat: null,
  },
  state: stateOf('playerState'),
  attributes: {
    volume_level: 'volumeLevel',
    is_volume_muted: 'isVolumeMuted',
    media_content_id: 'mediaContentId',
    media_content_type: 'mediaContentType',
    media_title: 'mediaTitle',
    media_artist: 'mediaArtist',
    media_album_name: 'mediaAlbumName',
    media_duration: 'mediaDuration',
    media_position: 'mediaPosition',
    source: 'source',
    sound_mode: 'soundMode',
    shuffle: 'shuffle',
    repeat: 'repeat',
  },
  capabilities: { source_list: 'sourceList', sound_mode_list: 'soundModeList' },
  features: MediaPlayerEntityFeature,
  services: {
    turn_on: { fields: NO_FIELDS, method: 'turnOn', requiredFeature: F.TURN_ON },
    turn_off: { fields: NO_FIELDS, method: 'turnOff', requiredFeature: F.TURN_OFF },
    toggle: { fields: NO_FIELDS, method: 'toggle', requiredFeature: F.TURN_ON | F.TURN_OFF },
    media_play: { fields: NO_FIELDS, method: 'mediaPlay', requiredFeature: F.PLAY },
    media_pause: { fields: NO_FIELDS, method: 'mediaPause', requiredFeature: F.PAUSE },
    media_play_pause: { fields: NO_FIELDS, method: 'mediaPlayPause', requiredFeature: F.PLAY | F.PAUSE },
    media_stop: { fields: NO_FIELDS, method: 'mediaStop', requiredFeature: F.STOP },
    media_next_track: { fields: NO_FIELDS, method: 'mediaNextTrack', requiredFeature: F.NEXT_TRACK },
    media_previous_track: {
      fields: NO_FIELDS,
      method: 'mediaPreviousTrack',
      requiredFeature: F.PREVIOUS_TRACK,
    },
    media_seek: { fields: mediaSeekFields, method: 'mediaSeek', requiredFeature: F.SEEK },
    volume_set: { fields: mediaVolumeSetFields, method: 'setVolumeLevel', requiredFeature: F.VOLUME_SET },
    volume_mute: { fields: mediaVolumeMuteFields, method: 'muteVolume', requiredFeature: F.VOLUME_MUTE },
    select_source: {
      fields: mediaSelectSourceFields,
      method: 'selectSource',
      requiredFeature: F.SELECT_SOURCE,
      check: oneOf('source', 'sourceList'),
    },
    select_sound_mode: {
      fields: mediaSelectSoundModeFields,
      method: 'selectSoundMode',
      requiredFeature: F.SELECT_SOUND_MODE,
      check: oneOf('sound_mode', 'soundModeList'),
    },
    shuffle_set: { fields: mediaShuffleSetFields, method: 'setShuffle', requiredFeature: F.SHUFFLE_SET },
    repeat_set: { fields: mediaRepeatSetFields, method: 'setRepeat', requiredFeature: F.REPEAT_SET },
    play_media: {
      fields: mediaPlayMediaFields,
      method: 'playMedia',
      requiredFeature: F.PLAY_MEDIA,
      fieldFeatures: { enqueue: F.MEDIA_ENQUEUE, announce: F.MEDIA_ANNOUNCE },
    },
  },
  queries: {
    browse_media: { fields: mediaBrowseFields, method: 'browseMedia', requiredFeature: F.BROWSE_MEDIA },
  },
  restoreState: false,
};
