import { registerDeliveryRenderer } from '../deliveries/delivery-renderer.ts';
import { createAlertDeliveryRenderer } from './alert-delivery-renderer.ts';

// Imported once by src/main.ts: from then on `serve` starts the dispatcher with the alerts' renderer.
registerDeliveryRenderer(createAlertDeliveryRenderer);
