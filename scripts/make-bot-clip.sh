#!/bin/sh
# Regenerates the video bots' clip (emulator/media/assets/bot-320x240.ivf): 5 s of ffmpeg's
# moving testsrc2 pattern, 320x240 at 15 fps, VP8 in IVF, a key frame every 15 frames (1 s),
# ~500 kbit/s. Needs ffmpeg with libvpx (Debian: apt-get install -y ffmpeg). Run once by hand;
# the clip is committed and read at run time, so neither CI nor the emulator needs ffmpeg.
set -eu
out="${1:-$(dirname "$0")/../emulator/media/assets/bot-320x240.ivf}"
ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "testsrc2=size=320x240:rate=15:duration=5" \
  -c:v libvpx -b:v 400k -minrate 400k -maxrate 400k -g 15 -keyint_min 15 -auto-alt-ref 0 -lag-in-frames 0 \
  -deadline good -cpu-used 4 -pix_fmt yuv420p \
  -f ivf "$out"
ls -l "$out"
