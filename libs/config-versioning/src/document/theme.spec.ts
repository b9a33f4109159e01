import { defaultConfig } from './config-document';
import { frameAncestors, readableOn, relativeLuminance, themeCss, widgetTheme } from './theme';

describe('the widget theme from a config', () => {
  it('turns the branding into CSS custom properties, with the font stack ending in system fonts', () => {
    const theme = widgetTheme({ ...defaultConfig().branding, primaryColor: '#0B6E4F', fontFamily: 'Lora, serif', colorScheme: 'dark' });
    expect(theme.scheme).toBe('dark');
    expect(theme.variables).toEqual({
      '--mais-primary': '#0b6e4f',
      '--mais-on-primary': '#ffffff',
      '--mais-surface': '#ffffff',
      '--mais-on-surface': '#000000',
      '--mais-font': 'Lora, serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    });
    expect(themeCss(theme)).toBe(
      ':root{--mais-primary:#0b6e4f;--mais-on-primary:#ffffff;--mais-surface:#ffffff;--mais-on-surface:#000000;' +
        '--mais-font:Lora, serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif}',
    );
  });

  it.each([
    ['#ffffff', '#000000'],
    ['#000000', '#ffffff'],
    ['#7b2cbf', '#ffffff'],
    ['#ffd166', '#000000'],
    // Either side of the crossing (luminance ≈ 0.179): grey #757575 (0.178) reads better in white, #767676 (0.181) in black.
    ['#757575', '#ffffff'],
    ['#767676', '#000000'],
  ])('writes text on %s in %s, whichever contrasts more', (background, text) => {
    expect(readableOn(background)).toBe(text);
  });

  it('computes WCAG relative luminance from #rrggbb', () => {
    expect(relativeLuminance('#ffffff')).toBeCloseTo(1, 10);
    expect(relativeLuminance('#000000')).toBe(0);
    expect(relativeLuminance('#ff0000')).toBeCloseTo(0.2126, 4);
    expect(relativeLuminance('#00ff00')).toBeCloseTo(0.7152, 4);
    expect(relativeLuminance('#0000ff')).toBeCloseTo(0.0722, 4);
    // The low end of the sRGB curve is linear: 0x0a / 255 / 12.92.
    expect(relativeLuminance('#0a0a0a')).toBeCloseTo(10 / 255 / 12.92, 6);
  });
});

describe('the sites that may frame the widget', () => {
  it('are any site when the config lists none, else exactly the listed origins', () => {
    expect(frameAncestors(defaultConfig())).toBe('*');
    const config = defaultConfig();
    config.widget.embedOrigins = ['https://weddings.example.com', 'http://localhost:8080'];
    expect(frameAncestors(config)).toBe('https://weddings.example.com http://localhost:8080');
  });
});
