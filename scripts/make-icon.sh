#!/usr/bin/env bash
# Draws assets/icon.png, the 512x512 Portview icon: a rounded square with a
# blue-to-teal gradient, three window dots, and a rising price line.
# Needs ImageMagick 6 (`convert`). The output is byte-for-byte reproducible:
# it is drawn at 4x and scaled down for smooth edges, and the PNG carries no
# timestamps.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-assets/icon.png}
S=4              # supersampling factor
N=$((512 * S))   # canvas size while drawing
s() { echo $(($1 * S)); }   # scale a 512-space coordinate (an integer)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Tile: a rounded square inset 32 px (the usual margin of desktop icons).
convert -size ${N}x${N} xc:none -fill white \
	-draw "roundrectangle $(s 32),$(s 32) $(s 479),$(s 479) $(s 100),$(s 100)" \
	"$tmp/mask.png"

# Background: diagonal gradient, lit a little from the top.
top='#2563EB' bottom='#0F9F8F'
convert -size ${N}x${N} -define gradient:angle=135 gradient:"$top"-"$bottom" \
	\( -size ${N}x${N} gradient:white-black -evaluate multiply 0.16 \
	   -background white -alpha shape \) -compose over -composite \
	"$tmp/bg.png"

# The chart, in 512-space coordinates: faint grid lines under a title-bar
# rule, a rising line with a dip, and a dot on the last price.
line="$(s 104),$(s 360) $(s 176),$(s 302) $(s 248),$(s 330) $(s 336),$(s 236) $(s 404),$(s 190)"
area="$(s 104),$(s 400) $line $(s 404),$(s 400)"
convert -size ${N}x${N} xc:none \
	-stroke 'rgba(255,255,255,0.16)' -strokewidth "$(s 4)" -fill none \
	-draw "line $(s 96),$(s 400) $(s 416),$(s 400)" \
	-draw "line $(s 96),$(s 330) $(s 416),$(s 330)" \
	-draw "line $(s 96),$(s 260) $(s 416),$(s 260)" \
	-draw "line $(s 32),$(s 144) $(s 479),$(s 144)" \
	-stroke white -strokewidth "$(s 26)" -fill none \
	-draw "stroke-linecap round stroke-linejoin round polyline $line" \
	-stroke none -fill white -draw "circle $(s 404),$(s 190) $(s 404),$(s $((190 + 26)))" \
	-fill "$bottom" -draw "circle $(s 404),$(s 190) $(s 404),$(s $((190 + 12)))" \
	-fill 'rgba(255,255,255,0.75)' \
	-draw "circle $(s 96),$(s 104) $(s 96),$(s $((104 + 11)))" \
	-draw "circle $(s 130),$(s 104) $(s 130),$(s $((104 + 11)))" \
	-draw "circle $(s 164),$(s 104) $(s 164),$(s $((104 + 11)))" \
	"$tmp/chart.png"

# The shade under the line fades towards the baseline.
convert -size ${N}x${N} xc:black -fill white -draw "polygon $area" \
	\( -size ${N}x${N} gradient:'gray(34%)'-black \) -compose multiply -composite \
	-background white -alpha shape "$tmp/area.png"

convert "$tmp/bg.png" "$tmp/area.png" -compose over -composite \
	"$tmp/chart.png" -compose over -composite \
	"$tmp/mask.png" -compose copy_opacity -composite \
	-filter Lanczos -resize 512x512 -depth 8 \
	-strip -define png:exclude-chunks=date,time -define png:color-type=6 \
	"$out"
echo "wrote $out"
