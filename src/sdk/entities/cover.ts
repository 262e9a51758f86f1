import type { CoverSetPositionData, CoverSetTiltPositionData, LockCodeData } from '../domains/cover.js';
import { entityClass } from '../entity.js';

export class CoverEntity extends entityClass('cover') {
  async openCover(): Promise<void> {
    throw this.notImplemented('openCover');
  }
  async closeCover(): Promise<void> {
    throw this.notImplemented('closeCover');
  }
  /** Closes an open (or moving-open) cover, opens a closed one. */
  async toggle(): Promise<void> {
    const closing = this.isOpening || (!this.isClosing && this.isClosed === false);
    await (closing ? this.closeCover() : this.openCover());
  }
  async setCoverPosition(_data: CoverSetPositionData): Promise<void> {
    throw this.notImplemented('setCoverPosition');
  }
  async stopCover(): Promise<void> {
    throw this.notImplemented('stopCover');
  }
  async openCoverTilt(): Promise<void> {
    throw this.notImplemented('openCoverTilt');
  }
  async closeCoverTilt(): Promise<void> {
    throw this.notImplemented('closeCoverTilt');
  }
  async setCoverTiltPosition(_data: CoverSetTiltPositionData): Promise<void> {
    throw this.notImplemented('setCoverTiltPosition');
  }
  async stopCoverTilt(): Promise<void> {
    throw this.notImplemented('stopCoverTilt');
  }
}

export class LockEntity extends entityClass('lock') {
  async lock(_data: LockCodeData): Promise<void> {
    throw this.notImplemented('lock');
  }
  async unlock(_data: LockCodeData): Promise<void> {
    throw this.notImplemented('unlock');
  }
  async open(_data: LockCodeData): Promise<void> {
    throw this.notImplemented('open');
  }
}
