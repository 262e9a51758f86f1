/**
 * Demo Light: a config flow asks for a name prefix, how many lights and the
 * area they are in; each light is a dimmable, tunable-white bulb that is its own
 * device. Lights come back on or off, at their brightness, after a restart.
 */
import {
  ColorMode,
  type ConfigEntryData,
  defineIntegration,
  field,
  form,
  LightEntity,
  type LightTurnOnData,
} from 'corral/sdk';

const DOMAIN = 'demo_light';
const AREAS = ['Living Room', 'Kitchen', 'Bedroom', 'Office'] as const;
const MIN_KELVIN = 2000;
const MAX_KELVIN = 6500;
const FULL_BRIGHTNESS = 255;

const userForm = form({
  name: field.text().default('Demo'),
  count: field.number({ min: 1, max: 10, step: 1, mode: 'slider' }).int().default(3),
  area: field.select(AREAS).default('Living Room'),
});

class DemoLight extends LightEntity {
  /** The brightness the light returns to when turned on without one. */
  #level = FULL_BRIGHTNESS;

  override async turnOn(data: LightTurnOnData): Promise<void> {
    // Brightness 0 means off, as in Home Assistant.
    if (data.brightness === 0) return this.turnOff();
    if (data.brightness !== undefined) this.#level = data.brightness;
    if (data.color_temp_kelvin !== undefined) {
      this.colorTempKelvin = Math.min(MAX_KELVIN, Math.max(MIN_KELVIN, data.color_temp_kelvin));
    }
    this.#show(true);
  }

  override async turnOff(): Promise<void> {
    this.#show(false);
  }

  override restore(last: { state: string; attributes: Record<string, unknown> }): void {
    super.restore(last);
    const { brightness, color_temp_kelvin: kelvin } = last.attributes;
    if (typeof brightness === 'number') this.#level = brightness;
    if (typeof kelvin === 'number') this.colorTempKelvin = kelvin;
    this.#show(last.state === 'on');
  }

  /** Brightness and colour mode are only reported while the light is on. */
  #show(on: boolean): void {
    this.isOn = on;
    this.brightness = on ? this.#level : null;
    this.colorMode = on ? ColorMode.COLOR_TEMP : null;
  }
}

function lightsOf(entry: ConfigEntryData): DemoLight[] {
  const { name, count, area } = userForm.parse(entry.data);
  return Array.from({ length: count }, (_, index) => {
    const id = `${entry.entryId}_${index + 1}`;
    const title = `${name} ${index + 1}`;
    return new DemoLight({
      uniqueId: id,
      suggestedObjectId: title,
      name: title,
      restoreState: true,
      isOn: false,
      supportedColorModes: [ColorMode.COLOR_TEMP],
      colorTempKelvin: 2700,
      minColorTempKelvin: MIN_KELVIN,
      maxColorTempKelvin: MAX_KELVIN,
      deviceInfo: {
        identifiers: [[DOMAIN, id]],
        name: title,
        manufacturer: 'Corral Demo',
        model: 'Tunable White Bulb',
        suggestedArea: area,
      },
    });
  });
}

export default defineIntegration({
  domain: DOMAIN,
  configFlow: {
    steps: {
      user: (flow, input) => {
        if (input === undefined) return flow.showForm({ stepId: 'user', schema: userForm });
        const { name, count, area } = userForm.parse(input);
        if (name.trim() === '') {
          return flow.showForm({ stepId: 'user', schema: userForm, errors: { name: 'name_required' } });
        }
        return flow.createEntry({ title: name.trim(), data: { name: name.trim(), count, area } });
      },
    },
  },
  async setupEntry(api) {
    await api.addEntities(lightsOf(api.entry));
  },
});
