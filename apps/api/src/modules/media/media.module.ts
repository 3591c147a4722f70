import { Module } from '@nestjs/common';
import { createMediaStorage } from '@sokoni/db';
import type { AppConfig } from '../../config/config';
import { CONFIG } from '../../platform/tokens';
import { AuthModule } from '../auth/auth.module';
import { MediaUploadService } from './media-upload.service';
import { MediaController } from './media.controller';
import { OwnerMediaController } from './owner-media.controller';
import { MediaRepository } from './media.repository';
import { MEDIA_STORAGE, MediaService } from './media.service';

/** Product images and their renditions, from local disk (MEDIA_DIR) or S3-compatible storage. */
@Module({
  imports: [AuthModule],
  controllers: [MediaController, OwnerMediaController],
  providers: [
    {
      provide: MEDIA_STORAGE,
      useFactory: (config: AppConfig) => createMediaStorage(config.mediaStorage),
      inject: [CONFIG],
    },
    MediaRepository,
    MediaService,
    MediaUploadService,
  ],
  exports: [MEDIA_STORAGE, MediaService],
})
export class MediaModule {}
