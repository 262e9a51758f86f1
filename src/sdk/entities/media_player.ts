import {
  type BrowseMedia,
  type MediaBrowseData,
  MediaPlayerState,
  type MediaPlayMediaData,
  type MediaRepeatSetData,
  type MediaSeekData,
  type MediaSelectSoundModeData,
  type MediaSelectSourceData,
  type MediaShuffleSetData,
  type MediaVolumeMuteData,
  type MediaVolumeSetData,
} from '../domains/media_player.js';
import { entityClass } from '../entity.js';

export class MediaPlayerEntity extends entityClass('media_player') {
  async turnOn(): Promise<void> {
    throw this.notImplemented('turnOn');
  }
  async turnOff(): Promise<void> {
    throw this.notImplemented('turnOff');
  }
  async toggle(): Promise<void> {
    const off = this.playerState === MediaPlayerState.OFF || this.playerState === MediaPlayerState.STANDBY;
    await (off ? this.turnOn() : this.turnOff());
  }
  async mediaPlay(): Promise<void> {
    throw this.notImplemented('mediaPlay');
  }
  async mediaPause(): Promise<void> {
    throw this.notImplemented('mediaPause');
  }
  async mediaPlayPause(): Promise<void> {
    await (this.playerState === MediaPlayerState.PLAYING ? this.mediaPause() : this.mediaPlay());
  }
  async mediaStop(): Promise<void> {
    throw this.notImplemented('mediaStop');
  }
  async mediaNextTrack(): Promise<void> {
    throw this.notImplemented('mediaNextTrack');
  }
  async mediaPreviousTrack(): Promise<void> {
    throw this.notImplemented('mediaPreviousTrack');
  }
  async mediaSeek(_data: MediaSeekData): Promise<void> {
    throw this.notImplemented('mediaSeek');
  }
  async setVolumeLevel(_data: MediaVolumeSetData): Promise<void> {
    throw this.notImplemented('setVolumeLevel');
  }
  async muteVolume(_data: MediaVolumeMuteData): Promise<void> {
    throw this.notImplemented('muteVolume');
  }
  async selectSource(_data: MediaSelectSourceData): Promise<void> {
    throw this.notImplemented('selectSource');
  }
  async selectSoundMode(_data: MediaSelectSoundModeData): Promise<void> {
    throw this.notImplemented('selectSoundMode');
  }
  async setShuffle(_data: MediaShuffleSetData): Promise<void> {
    throw this.notImplemented('setShuffle');
  }
  async setRepeat(_data: MediaRepeatSetData): Promise<void> {
    throw this.notImplemented('setRepeat');
  }
  async playMedia(_data: MediaPlayMediaData): Promise<void> {
    throw this.notImplemented('playMedia');
  }
  /** The `browse_media` query. */
  async browseMedia(_data: MediaBrowseData): Promise<BrowseMedia> {
    throw this.notImplemented('browseMedia');
  }
}
