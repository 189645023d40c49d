package main

import "image/color"

func plotColor(i int) color.Color {
	return []color.Color{color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}, color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}}[i%2]
}
