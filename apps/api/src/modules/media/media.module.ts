import { Module } from '@nestjs/common';
import { createMediaStorage } from '@sokoni/db';
import { AuthModule } from '../auth/auth.module';
import { MediaPhotosService } from './media-photos.service';
import { MediaUploadService } from './media-upload.service';
import { MediaController } from './media.controller';
import { OwnerMediaController } from './owner-media.controller';
import { MediaRepository } from './media.repository';
import { MEDIA_STORAGE, MediaService } from './media.service';
import { fromConfig } from '../../platform/config-provider';

/** Product images and their renditions, from local disk (MEDIA_DIR) or S3-compatible storage. */
@Module({
  imports: [AuthModule],
  controllers: [MediaController, OwnerMediaController],
  providers: [
    fromConfig(MEDIA_STORAGE, (config) => createMediaStorage(config.mediaStorage)),
    MediaRepository,
    MediaService,
    MediaUploadService,
    MediaPhotosService,
  ],
  exports: [MEDIA_STORAGE, MediaService],
})
export class MediaModule {}
